import { formatFlags } from "./flags";
import { ODATA_TYPE, type ConditionalAccessGuestsOrExternalUsers } from "./graph-types";
import { containsId, isGuid, sameId } from "./ids";
import type { GuestsOrExternalUsersScope, TenantScope } from "./policy-model";
import { GUEST_TYPE_NAMES, lookup } from "./well-known-names";

export const SERVICE_PROVIDER = "serviceProvider";

/**
 * Local guests live in the resource tenant itself, so an external-tenant list does not narrow or
 * widen them: adding a tenant to a scope that also holds internalGuest changes nothing for them.
 */
const TENANT_INDEPENDENT_TYPES: ReadonlySet<string> = new Set(["internalGuest"]);

/** Types that select someone: "none" selects no one and cannot be combined with other members. */
export function effectiveTypes(scope: GuestsOrExternalUsersScope): string[] {
  return scope.types.filter((type) => type !== "none");
}

export function hasType(scope: GuestsOrExternalUsersScope, type: string): boolean {
  return effectiveTypes(scope).includes(type);
}

/** An unspecified scope counts as every tenant (the portal's default); unrecognized kinds cover none. */
export function scopeCoversTenant(tenants: TenantScope, tenantId: string): boolean {
  switch (tenants.kind) {
    case "all":
    case "unspecified":
      return true;
    case "enumerated":
      return containsId(tenants.members, tenantId);
    case "unrecognized":
      return false;
  }
}

export function coversServiceProvidersFrom(scope: GuestsOrExternalUsersScope | null, tenantId: string): boolean {
  return scope !== null && hasType(scope, SERVICE_PROVIDER) && scopeCoversTenant(scope.tenants, tenantId);
}

export function guestTypeName(type: string): string {
  return lookup(type, GUEST_TYPE_NAMES) ?? `users of type "${type}"`;
}

export function tenantName(tenantId: string, tenantNames?: Readonly<Record<string, string>>): string {
  const name = tenantNames && lookup(tenantId, tenantNames);
  return name === undefined ? `tenant ${tenantId}` : `tenant ${name} (${tenantId})`;
}

export function describeTenantScope(tenants: TenantScope, tenantNames?: Readonly<Record<string, string>>): string {
  switch (tenants.kind) {
    case "all":
      return "from any external tenant";
    case "unspecified":
      return "from any external tenant (no tenant list given)";
    case "enumerated":
      return tenants.members.length === 0 ? "from no tenant (the tenant list is empty)" : `from ${listTenants(tenants.members, tenantNames)}`;
    case "unrecognized":
      return `from tenants of membership kind ${JSON.stringify(tenants.membershipKind)} (not understood)`;
  }
}

function listTenants(members: readonly string[], tenantNames?: Readonly<Record<string, string>>): string {
  const names = members.map((member) => {
    const name = tenantNames && lookup(member, tenantNames);
    return name === undefined ? member : `${name} (${member})`;
  });
  return `${members.length === 1 ? "tenant" : "tenants"} ${names.join(", ")}`;
}

export type ServiceProviderExclusionMerge =
  | {
      kind: "merged";
      /** The whole new excludeGuestsOrExternalUsers object, as it must be sent. */
      value: ConditionalAccessGuestsOrExternalUsers;
      /** Who else the merged object excludes that the old one did not, one sentence each. */
      alsoExcluded: string[];
      /** Facts worth knowing that do not change who is excluded. */
      notes: string[];
    }
  | { kind: "impossible"; problem: string };

/**
 * Adds "service provider users from `partnerTenantId`" to an exclude entry. There is one entry per
 * policy and its single tenant scope applies to every type in it, so the smallest superset may
 * exclude more people than asked for; those are listed in `alsoExcluded` (docs/graph-contract.md §7).
 */
export function mergeServiceProviderExclusion(existing: GuestsOrExternalUsersScope | null, partnerTenantId: string): ServiceProviderExclusionMerge {
  const partner = `tenant ${partnerTenantId}`;
  if (existing === null || effectiveTypes(existing).length === 0) {
    return {
      kind: "merged",
      value: serviceProviderExclusion([SERVICE_PROVIDER], { kind: "enumerated", members: [partnerTenantId] }),
      alsoExcluded: [],
      notes: [],
    };
  }
  const tenants = existing.tenants;
  if (tenants.kind === "unrecognized") {
    return {
      kind: "impossible",
      problem: `The existing guest/external user exclusion has a tenant scope this portal does not understand (membershipKind ${JSON.stringify(tenants.membershipKind)}); adding the partner safely needs a person to look at it.`,
    };
  }
  const oldTypes = effectiveTypes(existing);
  const hadServiceProvider = oldTypes.includes(SERVICE_PROVIDER);
  const newTypes = hadServiceProvider ? oldTypes : [...oldTypes, SERVICE_PROVIDER];
  const alsoExcluded: string[] = [];
  const notes: string[] = [];

  if (tenants.kind === "enumerated") {
    const partnerListed = containsId(tenants.members, partnerTenantId);
    const members = partnerListed ? [...tenants.members] : [...tenants.members, partnerTenantId];
    if (!partnerListed) {
      for (const type of oldTypes) {
        if (type === SERVICE_PROVIDER || TENANT_INDEPENDENT_TYPES.has(type)) continue;
        alsoExcluded.push(`Would also exclude ${guestTypeName(type)} from ${partner}: the exclusion's tenant list applies to every user type in it.`);
      }
    }
    if (!hadServiceProvider) {
      const others = tenants.members.filter((member) => !sameId(member, partnerTenantId));
      if (others.length > 0) {
        alsoExcluded.push(
          `Would also exclude service provider users from ${listTenants(others)}: adding the service provider type applies to every tenant already in the list, not only ${partner}.`,
        );
      }
    }
    const placeholders = tenants.members.filter((member) => !isGuid(member.trim()));
    if (placeholders.length > 0) {
      notes.push(
        `The exclusion's tenant list holds ${placeholders.map((p) => JSON.stringify(p)).join(", ")}, which is not a tenant id (a template placeholder?); it is kept as is, and Graph may reject the request until it is fixed.`,
      );
    }
    return { kind: "merged", value: serviceProviderExclusion(newTypes, { kind: "enumerated", members }), alsoExcluded, notes };
  }

  // "all" or unspecified: the scope stays every tenant, so a new service provider type reaches all of them.
  if (!hadServiceProvider) {
    alsoExcluded.push(
      `Would also exclude service provider users from every other external tenant, not only ${partner}: the existing exclusion (${oldTypes.map(guestTypeName).join(", ")}) is scoped to all external tenants.`,
    );
  }
  if (tenants.kind === "unspecified") {
    notes.push("The existing exclusion gives no tenant list, which this portal reads as all external tenants; the request states that scope explicitly.");
  }
  return { kind: "merged", value: serviceProviderExclusion(newTypes, { kind: "all" }), alsoExcluded, notes };
}

function serviceProviderExclusion(
  types: readonly string[],
  tenants: { kind: "all" } | { kind: "enumerated"; members: string[] },
): ConditionalAccessGuestsOrExternalUsers {
  return {
    guestOrExternalUserTypes: formatFlags(types),
    externalTenants:
      tenants.kind === "all"
        ? { "@odata.type": ODATA_TYPE.allExternalTenants, membershipKind: "all" }
        : { "@odata.type": ODATA_TYPE.enumeratedExternalTenants, membershipKind: "enumerated", members: tenants.members },
  };
}
