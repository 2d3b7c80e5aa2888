import { describe, expect, it } from "vitest";
import { assessServiceProvider } from "./assess-service-provider";
import { InvalidArgumentError } from "./errors";
import { applyGraphPatch } from "./graph-patch";
import type { PlanOutcome } from "./plan-result";
import { planServiceProviderExclusion } from "./plan-service-provider-exclusion";

const PARTNER = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const OTHER = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";
const THIRD = "cccccccc-3333-4333-8333-cccccccccccc";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

const ALL_TENANTS = { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" };
const enumerated = (...members: string[]) => ({
  "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
  membershipKind: "enumerated",
  members,
});
const guests = (types: string, externalTenants?: unknown) => ({
  guestOrExternalUserTypes: types,
  ...(externalTenants === undefined ? {} : { externalTenants }),
});

function policy(users: Record<string, unknown> | null, extraConditions: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "11111111-0000-4000-8000-000000000000",
    displayName: "test policy",
    state: "enabled",
    createdDateTime: "2024-01-01T00:00:00Z",
    conditions: {
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      ...(users === null
        ? {}
        : { users: { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...users } }),
      ...extraConditions,
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
}

interface Case {
  name: string;
  policy: Record<string, unknown>;
  outcome: PlanOutcome;
  /** The expected excludeGuestsOrExternalUsers in the body; null when no body. */
  exclusion?: unknown;
  /** Every warning must be matched by one of these, and each of these must match a warning. */
  warnings?: RegExp[];
  reason?: RegExp;
}

const cases: Case[] = [
  // ---- not-applicable ----
  {
    name: "no users condition (workload identities only)",
    policy: policy(null, { clientApplications: { includeServicePrincipals: ["ServicePrincipalsInMyTenant"] } }),
    outcome: "not-applicable",
    reason: /no users condition \(it targets workload identities only\)/,
  },
  { name: "includeUsers None", policy: policy({ includeUsers: ["None"] }), outcome: "not-applicable", reason: /includeUsers is None/ },
  {
    name: "only specific users",
    policy: policy({ includeUsers: ["0b1f0f3e-5c8a-4a55-9d56-0e1c2b3a4d5e"] }),
    outcome: "not-applicable",
    reason: /only 1 specific user of the customer tenant/,
  },
  { name: "only groups", policy: policy({ includeGroups: ["g1", "g2"] }), outcome: "not-applicable", reason: /only 2 groups/ },
  {
    name: "service providers from another tenant only",
    policy: policy({ includeGuestsOrExternalUsers: guests("serviceProvider", enumerated(OTHER)) }),
    outcome: "not-applicable",
    reason: new RegExp(`only from tenant ${OTHER}, not tenant ${PARTNER}`),
  },
  {
    name: "guest types without service providers",
    policy: policy({ includeGuestsOrExternalUsers: guests("b2bCollaborationGuest,b2bDirectConnectUser", ALL_TENANTS) }),
    outcome: "not-applicable",
    reason: /does not include service provider users/,
  },
  { name: "an empty users condition", policy: policy({}), outcome: "not-applicable", reason: /includes no one/ },

  // ---- patch ----
  {
    name: "All users, no exclusion yet",
    policy: policy({ includeUsers: ["All"] }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
    warnings: [],
    reason: /includes all users/,
  },
  {
    name: "directory roles (GDAP users carry roles)",
    policy: policy({ includeRoles: [GLOBAL_ADMIN] }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
    reason: /a directory role \(Global Administrator/,
  },
  {
    name: "service providers from all tenants included",
    policy: policy({ includeGuestsOrExternalUsers: guests("serviceProvider", ALL_TENANTS) }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
    reason: /includes service provider users from any external tenant/,
  },
  {
    name: "existing service-provider exclusion for another tenant: members sent whole",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated(OTHER, THIRD)) }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(OTHER, THIRD, PARTNER)),
    warnings: [],
  },
  {
    name: "flag string with spaces and duplicates is sent normalized",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests(" serviceProvider, serviceProvider", enumerated(OTHER)) }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(OTHER, PARTNER)),
  },
  {
    name: "empty members list",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated()) }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
  },
  {
    name: "exclusion of type none (excludes no one) is replaced",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("none", ALL_TENANTS) }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
  },
  {
    name: "other type already excluded for the partner only: adding service providers widens nothing",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("b2bCollaborationGuest", enumerated(PARTNER)) }),
    outcome: "patch",
    exclusion: guests("b2bCollaborationGuest,serviceProvider", enumerated(PARTNER)),
    warnings: [],
  },
  {
    name: "local guests are not tied to a tenant, so adding the partner widens nothing",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("internalGuest,serviceProvider", enumerated(OTHER)) }),
    outcome: "patch",
    exclusion: guests("internalGuest,serviceProvider", enumerated(OTHER, PARTNER)),
    warnings: [],
  },
  {
    name: "placeholder tenant in the list is kept, with a warning",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated("%msptenantid%")) }),
    outcome: "patch",
    exclusion: guests("serviceProvider", enumerated("%msptenantid%", PARTNER)),
    warnings: [/"%msptenantid%", which is not a tenant id/],
  },

  // ---- already-excluded ----
  {
    name: "service providers from all tenants excluded",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", ALL_TENANTS) }),
    outcome: "already-excluded",
    reason: /already excluded: service provider users from any external tenant/,
  },
  {
    name: "the partner is in the excluded list",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated(OTHER, PARTNER)) }),
    outcome: "already-excluded",
  },
  {
    name: "the partner is listed in upper case",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated(PARTNER.toUpperCase())) }),
    outcome: "already-excluded",
  },
  {
    name: "several types with spaces, all tenants",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("b2bCollaborationGuest , serviceProvider", { membershipKind: "all" }) }),
    outcome: "already-excluded",
  },
  {
    name: "externalTenants missing means every tenant",
    policy: policy({ includeRoles: [GLOBAL_ADMIN], excludeGuestsOrExternalUsers: guests("serviceProvider") }),
    outcome: "already-excluded",
    reason: /no tenant list given/,
  },
  {
    name: "an exclusion settles it even when the include side would not reach them",
    policy: policy({ includeUsers: ["None"], excludeGuestsOrExternalUsers: guests("serviceProvider", ALL_TENANTS) }),
    outcome: "already-excluded",
  },

  // ---- needs-review ----
  {
    name: "other guest types in the same exclusion object",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("b2bCollaborationGuest,serviceProvider", enumerated(OTHER)) }),
    outcome: "needs-review",
    exclusion: guests("b2bCollaborationGuest,serviceProvider", enumerated(OTHER, PARTNER)),
    warnings: [new RegExp(`Would also exclude B2B collaboration guest users from tenant ${PARTNER}`)],
    reason: /would also exclude other users/,
  },
  {
    name: "exclusion scoped to all tenants without service providers",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("b2bCollaborationGuest,b2bCollaborationMember", ALL_TENANTS) }),
    outcome: "needs-review",
    exclusion: guests("b2bCollaborationGuest,b2bCollaborationMember,serviceProvider", ALL_TENANTS),
    warnings: [/Would also exclude service provider users from every other external tenant/],
  },
  {
    name: "exclusion scoped to other tenants without service providers",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("b2bCollaborationGuest", enumerated(OTHER, THIRD)) }),
    outcome: "needs-review",
    exclusion: guests("b2bCollaborationGuest,serviceProvider", enumerated(OTHER, THIRD, PARTNER)),
    warnings: [
      new RegExp(`Would also exclude B2B collaboration guest users from tenant ${PARTNER}`),
      new RegExp(`Would also exclude service provider users from tenants ${OTHER}, ${THIRD}`),
    ],
  },
  {
    name: "exclusion without a tenant list and without service providers",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("otherExternalUser") }),
    outcome: "needs-review",
    exclusion: guests("otherExternalUser,serviceProvider", ALL_TENANTS),
    warnings: [/every other external tenant/, /no tenant list/],
  },
  {
    name: "legacy GuestsOrExternalUsers in excludeUsers: no body can be proposed",
    policy: policy({ includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] }),
    outcome: "needs-review",
    exclusion: null,
    warnings: [/legacy keyword GuestsOrExternalUsers\. Graph refuses/],
    reason: /must be migrated/,
  },
  {
    name: "legacy GuestsOrExternalUsers in includeUsers",
    policy: policy({ includeUsers: ["GuestsOrExternalUsers"] }),
    outcome: "needs-review",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
    warnings: [/includeUsers holds the legacy keyword/],
  },
  {
    name: "the policy explicitly targets the partner's service providers",
    policy: policy({ includeGuestsOrExternalUsers: guests("serviceProvider", enumerated(PARTNER)) }),
    outcome: "needs-review",
    exclusion: guests("serviceProvider", enumerated(PARTNER)),
    warnings: [/explicitly includes service provider users from tenant/],
    reason: /deliberately targets/,
  },
  {
    name: "a tenant scope the portal does not understand",
    policy: policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("b2bCollaborationGuest", { membershipKind: "unknownFutureValue" }) }),
    outcome: "needs-review",
    exclusion: null,
    warnings: [/does not understand/],
  },
];

describe("planServiceProviderExclusion", () => {
  it.each(cases)("$name -> $outcome", (testCase) => {
    const plan = planServiceProviderExclusion(testCase.policy, PARTNER);
    expect(plan.outcome).toBe(testCase.outcome);
    expect(plan.reason.length).toBeGreaterThan(20);
    if (testCase.reason) expect(plan.reason).toMatch(testCase.reason);
    if (testCase.outcome === "already-excluded" || testCase.outcome === "not-applicable") {
      expect(plan.body).toBeNull();
      expect(plan.warnings).toEqual([]);
      return;
    }
    if (testCase.exclusion === null) expect(plan.body).toBeNull();
    else expect(plan.body).toEqual({ conditions: { users: { excludeGuestsOrExternalUsers: testCase.exclusion } } });
    if (testCase.warnings) {
      for (const pattern of testCase.warnings)
        expect(
          plan.warnings.some((w) => pattern.test(w)),
          `no warning matches ${pattern}`,
        ).toBe(true);
      for (const warning of plan.warnings)
        expect(
          testCase.warnings.some((p) => p.test(warning)),
          `unexpected warning: ${warning}`,
        ).toBe(true);
    }
    if (testCase.outcome === "needs-review") expect(plan.warnings.length).toBeGreaterThan(0);
  });

  it.each(cases.filter((c) => c.outcome === "patch" || (c.outcome === "needs-review" && c.exclusion !== null)))(
    "$name: applying the body with PATCH semantics, then planning again, gives already-excluded",
    (testCase) => {
      const plan = planServiceProviderExclusion(testCase.policy, PARTNER);
      if (!plan.body) throw new Error("expected a body");
      const patched = applyGraphPatch(testCase.policy, plan.body);
      expect(planServiceProviderExclusion(patched, PARTNER).outcome).toBe("already-excluded");
      // Nothing else in the policy changed.
      const { conditions: before, ...restBefore } = testCase.policy as { conditions: { users: Record<string, unknown> } };
      const { conditions: after, ...restAfter } = patched as { conditions: { users: Record<string, unknown> } };
      expect(restAfter).toEqual(restBefore);
      const { excludeGuestsOrExternalUsers: _a, ...usersBefore } = before.users;
      const { excludeGuestsOrExternalUsers: _b, ...usersAfter } = after.users;
      expect(usersAfter).toEqual(usersBefore);
      expect({ ...after, users: null }).toEqual({ ...before, users: null });
    },
  );

  it("never sends a read-only field or an annotation other than @odata.type on externalTenants", () => {
    const plan = planServiceProviderExclusion(
      {
        ...policy({
          includeUsers: ["All"],
          excludeGuestsOrExternalUsers: {
            "@odata.type": "#microsoft.graph.conditionalAccessGuestsOrExternalUsers",
            ...guests("serviceProvider", { ...enumerated(OTHER), "members@odata.type": "#Collection(String)" }),
          },
        }),
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
        modifiedDateTime: "2024-01-03T20:07:59Z",
      },
      PARTNER,
    );
    expect(plan.body).toEqual({ conditions: { users: { excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated(OTHER, PARTNER)) } } });
  });

  it("accepts an upper-case partner id and writes it in lower case", () => {
    const plan = planServiceProviderExclusion(policy({ includeUsers: ["All"] }), PARTNER.toUpperCase());
    expect(plan.body).toEqual({ conditions: { users: { excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated(PARTNER)) } } });
  });

  it("rejects a partner tenant id that is not a GUID", () => {
    expect(() => planServiceProviderExclusion(policy({ includeUsers: ["All"] }), "contoso.onmicrosoft.com")).toThrow(InvalidArgumentError);
  });
});

describe("assessServiceProvider", () => {
  it("says why a policy applies and whether it is excluded", () => {
    const assessment = assessServiceProvider(policy({ includeUsers: ["All"], includeRoles: [GLOBAL_ADMIN] }), PARTNER);
    expect(assessment).toMatchObject({ included: true, excluded: false, applies: true, explicitlyTargeted: false });
    expect(assessment.includedBecause).toEqual([
      "it includes all users",
      `it includes a directory role (Global Administrator (${GLOBAL_ADMIN})), which GDAP grants to service-provider users`,
    ]);
    expect(assessment.reason).toBe(
      `The policy reaches service-provider users from tenant ${PARTNER}: it includes all users; it includes a directory role (Global Administrator (${GLOBAL_ADMIN})), which GDAP grants to service-provider users.`,
    );
  });

  it("names a few roles and counts the rest, so a reason stays readable", () => {
    const roles = [GLOBAL_ADMIN, ...Array.from({ length: 9 }, (_, i) => `0000000${i}-0000-4000-8000-000000000000`)];
    const assessment = assessServiceProvider(policy({ includeRoles: roles }), PARTNER);
    expect(assessment.includedBecause).toEqual([
      `it includes 10 directory roles (Global Administrator (${GLOBAL_ADMIN}), ${roles[1]}, ${roles[2]} and 7 more), which GDAP grants to service-provider users`,
    ]);
  });

  it("reports an exclusion that covers the partner", () => {
    const assessment = assessServiceProvider(
      policy({ includeUsers: ["All"], excludeGuestsOrExternalUsers: guests("serviceProvider", enumerated(PARTNER)) }),
      PARTNER,
    );
    expect(assessment).toMatchObject({ included: true, excluded: true, applies: false });
    expect(assessment.excludedBecause).toBe(`service provider users from tenant ${PARTNER} are excluded (excludeGuestsOrExternalUsers)`);
  });

  it("flags the legacy keyword without claiming an exclusion", () => {
    const assessment = assessServiceProvider(policy({ includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] }), PARTNER);
    expect(assessment).toMatchObject({ excluded: false, applies: true, legacyKeyword: { include: false, exclude: true } });
    expect(assessment.reason).toMatch(/legacy keyword GuestsOrExternalUsers/);
  });

  it("mentions a disabled policy", () => {
    expect(assessServiceProvider({ ...policy({ includeUsers: ["All"] }), state: "disabled" }, PARTNER).reason).toMatch(/off \(disabled\)/);
  });
});
