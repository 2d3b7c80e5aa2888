// Microsoft-managed Conditional Access policies (emulator/README.md `managed-policy-*`): Microsoft
// creates them; an admin may change only their state and their excluded users, groups and roles, and
// may not delete them (learn.microsoft.com/entra/identity/conditional-access/managed-policies). Graph v1.0
// names them "Microsoft-managed: …" and gives them a templateId (docs/graph-contract.md §5.4). What
// Graph answers to a refused change is not documented: unverified, strict (a 400 that says why).
import { graphError, type GraphResponse } from "../http/response";
import type { RouteContext } from "./types";

type Json = Record<string, unknown>;

export const MANAGED_PREFIX = "Microsoft-managed:";

const EDITABLE_USER_PROPERTIES = new Set(["excludeUsers", "excludeGroups", "excludeRoles"]);

export function isManagedPolicy(stored: Json): boolean {
  return typeof stored.displayName === "string" && stored.displayName.startsWith(MANAGED_PREFIX);
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The first property a PATCH body sets that a Microsoft-managed policy does not let an admin change, or null. */
export function refusedManagedChange(patch: Json): string | null {
  for (const [key, value] of Object.entries(patch)) {
    if (key === "state" || key.startsWith("@odata.")) continue;
    if (key !== "conditions" || !isObject(value)) return key;
    for (const [ck, cv] of Object.entries(value)) {
      if (ck.startsWith("@odata.")) continue;
      if (ck !== "users" || !isObject(cv)) return `conditions.${ck}`;
      for (const uk of Object.keys(cv)) if (!uk.startsWith("@odata.") && !EDITABLE_USER_PROPERTIES.has(uk)) return `conditions.users.${uk}`;
    }
  }
  return null;
}

export function managedRefusal(ctx: RouteContext, what: string): GraphResponse {
  return graphError(
    400,
    "BadRequest",
    `Microsoft-managed policies can't be changed this way: ${what}. Only state, excludeUsers, excludeGroups and excludeRoles can be updated.`,
    ctx.req,
  );
}
