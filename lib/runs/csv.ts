// CSV for spreadsheets, pure: RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet would
// run as a formula (starting with = + - @, or a tab / carriage return that some apps strip before
// looking) prefixed with a single quote, because tenant and policy names come from customers.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
