// Portal roles. Comparisons fail closed: a value that is not one of these grants nothing, so a
// typo, a null from the database or a role added later cannot open a door by accident.
export const ROLES = ["reader", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { reader: 1, operator: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Does a user holding `granted` have at least `required`? */
export function allows(granted: unknown, required: Role): boolean {
  if (!isRole(granted) || !isRole(required)) return false;
  return RANK[granted] >= RANK[required];
}

export const ROLE_LABEL: Record<Role, string> = { reader: "Reader", operator: "Operator", admin: "Admin" };

/** Entra app roles of the portal's app registration, as they arrive in the id_token `roles` claim. */
export const APP_ROLE: Record<string, Role> = { "Portal.Admin": "admin", "Portal.Operator": "operator", "Portal.Reader": "reader" };

/** The highest portal role among a token's app roles, or null when it carries none of ours. */
export function roleFromAppRoles(appRoles: unknown): Role | null {
  if (!Array.isArray(appRoles)) return null;
  const roles = appRoles.map((r) => (typeof r === "string" ? APP_ROLE[r] : undefined)).filter(isRole);
  return roles.sort((a, b) => RANK[b] - RANK[a])[0] ?? null;
}
