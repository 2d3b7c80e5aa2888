// Customer policies for the engine's tests, one per plan outcome.
import type { GraphPolicy } from "@/lib/graph/tenant-graph-contract";

export const PARTNER = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
export const TENANT = "cccccccc-3333-4333-8333-cccccccccccc";
export const SOME_USER = "dddddddd-4444-4444-8444-dddddddddddd";

export const ID = {
  mfaAll: "10000000-0000-4000-8000-000000000001",
  excluded: "10000000-0000-4000-8000-000000000002",
  oneUser: "10000000-0000-4000-8000-000000000003",
  targetsPartner: "10000000-0000-4000-8000-000000000004",
  disabled: "10000000-0000-4000-8000-000000000005",
} as const;

const enumerated = (...members: string[]) => ({
  "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
  membershipKind: "enumerated",
  members,
});

/** conditions.users as Graph returns it, every property present, with what a policy sets. */
export function usersCondition(set: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: null,
    ...set,
  };
}

function policy(id: string, displayName: string, users: Record<string, unknown>, state = "enabled"): GraphPolicy {
  return {
    id,
    displayName,
    state,
    createdDateTime: "2025-01-01T00:00:00Z",
    modifiedDateTime: null,
    conditions: {
      applications: { includeApplications: ["All"], excludeApplications: [] },
      clientAppTypes: ["all"],
      users: usersCondition(users),
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
}

/** A fleet tenant's policies: patch, already-excluded, not-applicable, needs-review, disabled (patch). */
export function samplePolicies(): GraphPolicy[] {
  return [
    policy(ID.mfaAll, "Require MFA for all users", { includeUsers: ["All"] }),
    policy(ID.excluded, "Block legacy auth (MSP excluded)", {
      includeUsers: ["All"],
      excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: enumerated(PARTNER) },
    }),
    policy(ID.oneUser, "MFA for the CFO", { includeUsers: [SOME_USER] }),
    policy(ID.targetsPartner, "MFA for our MSP", {
      includeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: enumerated(PARTNER) },
    }),
    policy(ID.disabled, "Old block policy", { includeUsers: ["All"] }, "disabled"),
  ];
}
