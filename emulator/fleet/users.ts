// The fleet's user type (the contract's DirectoryUser plus what Graph's /users returns) and its
// Graph serialisation.
import type { DirectoryUser } from "../contract";

export interface FleetUser extends DirectoryUser {
  userType: "Member" | "Guest";
  jobTitle: string | null;
  portalRole?: "Portal.Admin" | "Portal.Operator" | "Portal.Reader";
}

/** Properties /users returns without $select (Graph's default set). */
export const USER_DEFAULT_PROPERTIES = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
] as const;

export const USER_SELECTABLE = new Set<string>([...USER_DEFAULT_PROPERTIES, "accountEnabled", "userType", "createdDateTime", "companyName", "department"]);

export function userJson(u: FleetUser): Record<string, unknown> {
  const [given, ...rest] = u.displayName.split(" ");
  const person = u.userType === "Member" && !u.displayName.includes("(");
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: person ? (given ?? null) : null,
    jobTitle: u.jobTitle,
    mail: u.userPrincipalName,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    surname: person && rest.length ? rest.join(" ") : null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
    accountEnabled: u.accountEnabled,
    userType: u.userType,
    createdDateTime: null,
    companyName: null,
    department: null,
  };
}
