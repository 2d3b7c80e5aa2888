// Edits the seeder makes to corpus policies so a tenant really is in its scenario: point ids at
// objects of the tenant, and set how each policy that reaches the partner's technicians treats
// them (excluded, missing, excluded only for other guest types or other tenants, legacy keyword).
import type { Json } from "./model";
import type { Prng } from "./prng";

export type ExclusionMode = "excluded" | "missing" | "other-types" | "other-tenants" | "all-other-types" | "all-sp" | "legacy";

function obj(v: unknown): Json | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

const HEX_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MFA_TRUSTED_IPS = "00000000-0000-0000-0000-000000000000";

export interface TenantIds {
  breakGlassUserId: string;
  userIds: string[];
  includeGroupIds: string[]; // groups a policy may target
  exclusionGroupIds: string[]; // groups a policy may exclude
  locationIds: string[];
}

/** Replaces object ids from the corpus author's tenant with objects that exist in this tenant. */
export function remapIds(body: Json, ids: TenantIds, prng: Prng): void {
  const conditions = obj(body.conditions);
  const users = obj(conditions?.users);
  const remap = (list: unknown, to: (id: string) => string) => [...new Set(strings(list).map((id) => (HEX_GUID.test(id) ? to(id) : id)))];
  if (users) {
    users.includeUsers = remap(users.includeUsers, () => prng.pick(ids.userIds));
    users.excludeUsers = remap(users.excludeUsers, () => ids.breakGlassUserId);
    users.includeGroups = remap(users.includeGroups, () => prng.pick(ids.includeGroupIds));
    users.excludeGroups = remap(users.excludeGroups, () => prng.pick(ids.exclusionGroupIds));
  }
  const locations = obj(conditions?.locations);
  if (locations && ids.locationIds.length > 0) {
    const to = (id: string) => (id === MFA_TRUSTED_IPS ? id : prng.pick(ids.locationIds));
    locations.includeLocations = remap(locations.includeLocations, to);
    locations.excludeLocations = remap(locations.excludeLocations, to);
  }
}

function guestTypes(g: Json | null): string[] {
  return typeof g?.guestOrExternalUserTypes === "string" ? g.guestOrExternalUserTypes.split(",") : [];
}

/** Whether the policy's user scope reaches service providers of the partner tenant. */
export function appliesToPartner(body: Json, partnerTenantId: string): boolean {
  const users = obj(obj(body.conditions)?.users);
  if (!users) return false;
  const include = strings(users.includeUsers);
  if (include.includes("All") || include.includes("GuestsOrExternalUsers")) return true;
  const guests = obj(users.includeGuestsOrExternalUsers);
  if (!guestTypes(guests).includes("serviceProvider")) return false;
  const tenants = obj(guests?.externalTenants);
  return tenants?.membershipKind === "all" || strings(tenants?.members).includes(partnerTenantId);
}

/** Grant is plain MFA: a partner technician who did MFA satisfies it, so missing it blocks nothing. */
export function mfaOnly(body: Json): boolean {
  const grant = obj(body.grantControls);
  const controls = strings(grant?.builtInControls);
  return (
    controls.length > 0 &&
    controls.every((c) => c === "mfa") &&
    !obj(grant?.authenticationStrength) &&
    strings(grant?.termsOfUse).length === 0 &&
    strings(grant?.customAuthenticationFactors).length === 0
  );
}

/** A missing exclusion on this policy cannot block a technician who did MFA. */
export function harmlessWhenMissing(body: Json): boolean {
  return body.state !== "enabled" || mfaOnly(body);
}

const ALL_GUEST_TYPES = "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider";

function enumerated(members: string[]): Json {
  return { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members };
}

function allTenants(): Json {
  return { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" };
}

export interface ExclusionContext {
  partnerTenantId: string;
  otherPartnerTenantIds: string[]; // other MSPs, never the partner
  prng: Prng;
}

export function applyExclusionMode(body: Json, mode: ExclusionMode, ctx: ExclusionContext): void {
  const users = obj(obj(body.conditions)?.users);
  if (!users) return;
  const excludeUsers = strings(users.excludeUsers).filter((u) => u !== "GuestsOrExternalUsers");
  users.excludeUsers = excludeUsers;
  const [otherA = ctx.partnerTenantId, otherB = otherA] = ctx.otherPartnerTenantIds;
  switch (mode) {
    case "missing":
      users.excludeGuestsOrExternalUsers = null;
      return;
    case "legacy":
      users.excludeUsers = [...excludeUsers, "GuestsOrExternalUsers"];
      users.excludeGuestsOrExternalUsers = null;
      return;
    case "other-types":
      users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "b2bCollaborationGuest,b2bCollaborationMember", externalTenants: enumerated([otherA]) };
      return;
    case "other-tenants":
      users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "serviceProvider", externalTenants: enumerated([otherA, otherB]) };
      return;
    case "all-other-types":
      users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest", externalTenants: allTenants() };
      return;
    case "all-sp":
      users.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "serviceProvider", externalTenants: allTenants() };
      return;
    case "excluded": {
      const r = ctx.prng.next();
      users.excludeGuestsOrExternalUsers =
        r < 0.6
          ? { guestOrExternalUserTypes: "serviceProvider", externalTenants: enumerated([ctx.partnerTenantId]) }
          : r < 0.85
            ? { guestOrExternalUserTypes: ALL_GUEST_TYPES, externalTenants: allTenants() }
            : { guestOrExternalUserTypes: "b2bCollaborationGuest,serviceProvider", externalTenants: enumerated([ctx.partnerTenantId, otherA]) };
      return;
    }
  }
}
