// Which GDAP roles may change Conditional Access. Graph's conditionalAccessPolicy create, update and
// delete accept, for a delegated caller, the least privileged roles Security Administrator and
// Conditional Access Administrator (https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update,
// "supported built-in roles"; docs/graph-contract.md §5 and the role table under §6); Global
// Administrator holds every directory permission, so it may too. Reader roles (Security Reader,
// Global Reader) read policies only: a write made with them is refused with 403. So the portal
// predicts that refusal from the roles the GDAP sync stored (CustomerTenant.gdapRoles) instead of
// sending a write Graph would refuse.
import { ROLE_NAMES } from "./well-known-names";

export const CONDITIONAL_ACCESS_ADMINISTRATOR = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";
export const SECURITY_ADMINISTRATOR = "194ae4cb-b126-40b2-bd5b-6091b380977d";
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/** Directory-role template ids whose holders may write Conditional Access policies. */
export const CA_WRITE_ROLE_IDS: readonly string[] = [CONDITIONAL_ACCESS_ADMINISTRATOR, SECURITY_ADMINISTRATOR, GLOBAL_ADMINISTRATOR];

/** Whether a set of role template ids (GDAP's unifiedRoles) may change Conditional Access policies. */
export function canWriteConditionalAccess(roleIds: readonly string[]): boolean {
  return roleIds.some((id) => CA_WRITE_ROLE_IDS.includes(id.toLowerCase()));
}

/**
 * Why these GDAP roles cannot change Conditional Access, in words (role names, not ids), or null
 * when they can: "Read-only GDAP: its roles (Security Reader) cannot change Conditional Access;
 * that needs Conditional Access Administrator or Security Administrator."
 */
export function readOnlyGdapReason(roleIds: readonly string[]): string | null {
  if (canWriteConditionalAccess(roleIds)) return null;
  const names = [...new Set(roleIds.map((id) => ROLE_NAMES[id.toLowerCase()] ?? `role ${id}`))].sort();
  const roles = names.length === 0 ? "it grants no role, so it" : `its role${names.length === 1 ? "" : "s"} (${names.join(", ")})`;
  return `Read-only GDAP: ${roles} cannot change Conditional Access; that needs ${ROLE_NAMES[CONDITIONAL_ACCESS_ADMINISTRATOR]} or ${ROLE_NAMES[SECURITY_ADMINISTRATOR]}.`;
}
