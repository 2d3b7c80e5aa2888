// Names for seeded tenants and people: Microsoft's own fictitious companies and plain first/last
// names, combined deterministically so thousands of tenants stay distinct.

export const COMPANY_NAMES = [
  "Contoso", "Fabrikam", "Adatum", "Litware", "Northwind Traders", "Tailspin Toys", "Woodgrove Bank",
  "Wingtip Toys", "Proseware", "Lucerne Publishing", "Margie's Travel", "Alpine Ski House", "Coho Winery",
  "Fourth Coffee", "Graphic Design Institute", "Humongous Insurance", "Trey Research", "VanArsdel",
  "Wide World Importers", "Blue Yonder Airlines", "City Power & Light", "Consolidated Messenger",
  "School of Fine Art", "Relecloud", "Munson's Pickles", "Bellows College", "Best For You Organics",
  "Datum Corporation", "Southridge Video", "Lamna Healthcare", "Boulder Innovations", "Liberty's Delightful Sinful Bakery",
  "Nod Publishers", "Olympia", "Phone Company", "Tasmanian Traders", "Woodgrove Pharmacy", "World Wide Logistics",
];

export const COMPANY_SUFFIXES = ["Dental", "Legal", "Logistics", "Clinic", "Holdings", "Retail", "Manufacturing", "Foundation", "Studio", "Partners"];

export const FIRST_NAMES = [
  "Adele", "Alex", "Allan", "Christie", "Diego", "Emily", "Enrico", "Grady", "Henrietta", "Irvin", "Isaiah", "Johanna",
  "Joni", "Lee", "Lidia", "Lynne", "Megan", "Miriam", "Nestor", "Patti", "Pradeep", "Sofia", "Ravi", "Yuki",
];

export const LAST_NAMES = [
  "Vance", "Wilber", "Deyoung", "Cline", "Siciliani", "Braun", "Mahoney", "Archie", "Gonzalez", "Mune", "Lee", "Lambert",
  "Sherman", "Gu", "Holloway", "Robbins", "Bowen", "Hagen", "Wilke", "Fernandez", "Gupta", "Tanaka", "Okafor", "Novak",
];

export const COUNTRIES = ["US", "GB", "NL", "DE", "FR", "AU", "CA", "BE", "IE", "SE"];

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
}
