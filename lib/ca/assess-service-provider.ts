import { coversServiceProvidersFrom, describeTenantScope, effectiveTypes, guestTypeName, hasType, scopeCoversTenant, SERVICE_PROVIDER } from "./guest-scope";
import { containsId, hasKeyword, requireGuid, USER_KEYWORD } from "./ids";
import type { CaPolicy, UsersCondition } from "./policy-model";
import { toPolicy } from "./read-policy";
import { ROLE_NAMES, nameOf } from "./well-known-names";

export interface ServiceProviderAssessment {
  partnerTenantId: string;
  /** The include side reaches service-provider (GDAP) users from the partner tenant. */
  included: boolean;
  /** An exclusion certainly covers them (the guests-or-external-users object). */
  excluded: boolean;
  /** included && !excluded: the policy would evaluate their sign-ins. */
  applies: boolean;
  /** includeGuestsOrExternalUsers names serviceProvider for the partner tenant itself. */
  explicitlyTargeted: boolean;
  /** Where the legacy `GuestsOrExternalUsers` keyword appears (it blocks or complicates the fix). */
  legacyKeyword: { include: boolean; exclude: boolean };
  /** Plain-English grounds, each a clause ("it includes all users"). */
  includedBecause: string[];
  notIncludedBecause: string[];
  excludedBecause: string | null;
  reason: string;
}

/**
 * Does the policy apply to the MSP's GDAP technicians, i.e. service-provider users whose home is
 * `partnerTenantId`? They are external users of type serviceProvider that act with directory roles
 * granted by GDAP, and are never members of the customer's groups or listed as its users.
 */
export function assessServiceProvider(policyInput: unknown, partnerTenantId: string): ServiceProviderAssessment {
  const policy: CaPolicy = toPolicy(policyInput);
  const partner = requireGuid(partnerTenantId, "partnerTenantId");
  const users = policy.conditions.users;
  if (users === null) {
    const notIncludedBecause = [
      policy.conditions.clientApplications ? "it has no users condition (it targets workload identities only)" : "it has no users condition",
    ];
    return finish(partner, policy, {
      included: false,
      excluded: false,
      explicitlyTargeted: false,
      legacyKeyword: { include: false, exclude: false },
      includedBecause: [],
      notIncludedBecause,
      excludedBecause: null,
    });
  }
  const includedBecause = includeGrounds(users, partner);
  const explicitlyTargeted =
    users.includeGuestsOrExternalUsers !== null &&
    hasType(users.includeGuestsOrExternalUsers, SERVICE_PROVIDER) &&
    users.includeGuestsOrExternalUsers.tenants.kind === "enumerated" &&
    containsId(users.includeGuestsOrExternalUsers.tenants.members, partner);
  const excludeScope = users.excludeGuestsOrExternalUsers;
  const excluded = coversServiceProvidersFrom(excludeScope, partner);
  return finish(partner, policy, {
    included: includedBecause.length > 0,
    excluded,
    explicitlyTargeted,
    legacyKeyword: {
      include: hasKeyword(users.includeUsers, USER_KEYWORD.legacyGuests),
      exclude: hasKeyword(users.excludeUsers, USER_KEYWORD.legacyGuests),
    },
    includedBecause,
    notIncludedBecause: includedBecause.length > 0 ? [] : notIncludedGrounds(users, partner),
    excludedBecause:
      excluded && excludeScope ? `service provider users ${describeTenantScope(excludeScope.tenants)} are excluded (excludeGuestsOrExternalUsers)` : null,
  });
}

function includeGrounds(users: UsersCondition, partner: string): string[] {
  const grounds: string[] = [];
  if (hasKeyword(users.includeUsers, USER_KEYWORD.all)) grounds.push("it includes all users");
  if (hasKeyword(users.includeUsers, USER_KEYWORD.legacyGuests)) {
    grounds.push("it includes all guest and external users (legacy keyword GuestsOrExternalUsers)");
  }
  if (users.includeRoles.length > 0) {
    // A reason is read at a glance: name a few roles, count the rest (the description lists them all).
    const named = users.includeRoles.slice(0, 3).map((role) => nameOf(role, ROLE_NAMES));
    const more = users.includeRoles.length - named.length;
    const roles = more > 0 ? `${named.join(", ")} and ${more} more` : named.join(", ");
    const noun = users.includeRoles.length === 1 ? "a directory role" : `${users.includeRoles.length} directory roles`;
    grounds.push(`it includes ${noun} (${roles}), which GDAP grants to service-provider users`);
  }
  const guests = users.includeGuestsOrExternalUsers;
  if (guests && hasType(guests, SERVICE_PROVIDER) && scopeCoversTenant(guests.tenants, partner)) {
    grounds.push(`it includes service provider users ${describeTenantScope(guests.tenants)}`);
  }
  return grounds;
}

function notIncludedGrounds(users: UsersCondition, partner: string): string[] {
  const grounds: string[] = [];
  const guests = users.includeGuestsOrExternalUsers;
  if (guests) {
    if (!hasType(guests, SERVICE_PROVIDER)) {
      const types = effectiveTypes(guests);
      grounds.push(
        types.length === 0
          ? "its guest/external user selection names no user types"
          : `its guest/external user selection (${types.map(guestTypeName).join(", ")}) does not include service provider users`,
      );
    } else if (!scopeCoversTenant(guests.tenants, partner)) {
      grounds.push(`it includes service provider users only ${describeTenantScope(guests.tenants)}, not tenant ${partner}`);
    }
  }
  const specificUsers = users.includeUsers.filter((user) => !hasKeyword([user], USER_KEYWORD.none));
  if (specificUsers.length > 0 || users.includeGroups.length > 0) {
    const parts = [
      specificUsers.length > 0 ? `${specificUsers.length} specific user${specificUsers.length === 1 ? "" : "s"}` : null,
      users.includeGroups.length > 0 ? `${users.includeGroups.length} group${users.includeGroups.length === 1 ? "" : "s"}` : null,
    ].filter((part): part is string => part !== null);
    grounds.push(`it includes only ${parts.join(" and ")} of the customer tenant, which service-provider users are never part of`);
  }
  if (hasKeyword(users.includeUsers, USER_KEYWORD.none)) grounds.push("it includes no users (includeUsers is None)");
  if (grounds.length === 0) grounds.push("its users condition includes no one");
  return grounds;
}

type Findings = Omit<ServiceProviderAssessment, "partnerTenantId" | "applies" | "reason">;

function finish(partner: string, policy: CaPolicy, findings: Findings): ServiceProviderAssessment {
  const who = `service-provider users from tenant ${partner}`;
  const sentences: string[] = [];
  if (findings.included) {
    sentences.push(`The policy reaches ${who}: ${findings.includedBecause.join("; ")}.`);
  } else {
    sentences.push(`The policy does not reach ${who}: ${findings.notIncludedBecause.join("; ")}.`);
  }
  if (findings.excludedBecause) sentences.push(`They are already excluded: ${findings.excludedBecause}.`);
  if (findings.legacyKeyword.exclude && !findings.excluded) {
    sentences.push(
      "excludeUsers holds the legacy keyword GuestsOrExternalUsers, which historically meant every guest and external user; whether it covers service-provider users is not documented.",
    );
  }
  if (policy.state === "disabled") sentences.push("The policy is off (disabled).");
  return {
    partnerTenantId: partner,
    ...findings,
    applies: findings.included && !findings.excluded,
    reason: sentences.join(" "),
  };
}
