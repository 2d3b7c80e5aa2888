// What a tenant's policies point at, by kind, so the sync can ask Graph for exactly those names
// (and nothing it already knows: keywords, built-in roles and first-party apps of the static tables).
import { APP_KEYWORD, isGuid, isKeyword, LOCATION_KEYWORD, USER_KEYWORD } from "./ids";
import type { CaPolicy, GuestsOrExternalUsersScope } from "./policy-model";
import { toPolicy } from "./read-policy";
import { APPLICATION_NAMES, LOCATION_NAMES, lookup, ROLE_NAMES, SERVICE_PRINCIPAL_KEYWORDS } from "./well-known-names";

/** The kinds of names a tenant's policies need; each kind is resolved by its own Graph request(s). */
export const NAME_KINDS = ["directoryObject", "role", "application", "namedLocation", "termsOfUse", "authenticationContext", "tenant"] as const;
export type NameKind = (typeof NAME_KINDS)[number];

export type PolicyReferences = Record<NameKind, string[]>;

export function emptyReferences(): PolicyReferences {
  return { directoryObject: [], role: [], application: [], namedLocation: [], termsOfUse: [], authenticationContext: [], tenant: [] };
}

/**
 * Every id the policies name that Graph must name for us, lower-cased and without duplicates.
 * `known` tenants (e.g. the partner's own, named from its organization) are left out. Policies that
 * cannot be read are skipped (the page says so on its own).
 */
export function policyReferences(policies: readonly unknown[], known: { tenants?: readonly string[] } = {}): PolicyReferences {
  const sets = Object.fromEntries(NAME_KINDS.map((k) => [k, new Set<string>()])) as Record<NameKind, Set<string>>;
  const knownTenants = new Set((known.tenants ?? []).map((t) => t.toLowerCase()));
  const add = (kind: NameKind, ids: readonly string[], keep: (id: string) => boolean = isGuid) => {
    for (const id of ids) if (keep(id.trim())) sets[kind].add(id.trim().toLowerCase());
  };
  for (const input of policies) {
    let policy: CaPolicy;
    try {
      policy = toPolicy(input);
    } catch {
      continue;
    }
    const c = policy.conditions;
    const users = c.users;
    if (users) {
      const notKeyword = (id: string) => isGuid(id) && !Object.values(USER_KEYWORD).some((k) => isKeyword(id, k));
      add("directoryObject", [...users.includeUsers, ...users.excludeUsers, ...users.includeGroups, ...users.excludeGroups], notKeyword);
      add("role", [...users.includeRoles, ...users.excludeRoles], (id) => isGuid(id) && lookup(id, ROLE_NAMES) === undefined);
      const external = (scope: GuestsOrExternalUsersScope | null) => (scope?.tenants.kind === "enumerated" ? scope.tenants.members : []);
      add(
        "tenant",
        [...external(users.includeGuestsOrExternalUsers), ...external(users.excludeGuestsOrExternalUsers)],
        (id) => isGuid(id) && !knownTenants.has(id.toLowerCase()),
      );
    }
    const sp = c.clientApplications;
    if (sp)
      add(
        "directoryObject",
        [...sp.includeServicePrincipals, ...sp.excludeServicePrincipals],
        (id) => isGuid(id) && lookup(id, SERVICE_PRINCIPAL_KEYWORDS) === undefined,
      );
    const apps = c.applications;
    if (apps) {
      const firstParty = (id: string) => Object.values(APP_KEYWORD).some((k) => isKeyword(id, k)) || lookup(id, APPLICATION_NAMES) !== undefined;
      add("application", [...apps.includeApplications, ...apps.excludeApplications], (id) => isGuid(id) && !firstParty(id));
      add("authenticationContext", apps.includeAuthenticationContextClassReferences, (id) => id.length > 0);
    }
    const locations = c.locations;
    if (locations) {
      const named = (id: string) => isGuid(id) && !Object.values(LOCATION_KEYWORD).some((k) => isKeyword(id, k)) && lookup(id, LOCATION_NAMES) === undefined;
      add("namedLocation", [...locations.includeLocations, ...locations.excludeLocations], named);
    }
    if (policy.grantControls) add("termsOfUse", policy.grantControls.termsOfUse);
  }
  return Object.fromEntries(NAME_KINDS.map((k) => [k, [...sets[k]].sort()])) as PolicyReferences;
}

export function referenceCount(refs: PolicyReferences): number {
  return NAME_KINDS.reduce((sum, k) => sum + refs[k].length, 0);
}
