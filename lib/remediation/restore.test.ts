// Rollback's pure parts: which values a restore sets, and when a policy is restored, already as
// before, or changed since (never overwritten).
import { describe, expect, it } from "vitest";
import { contentHash } from "../guard/content";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { planRestore, restoreBody, type RestoreTarget } from "./restore";

const exclusion = {
  guestOrExternalUserTypes: "serviceProvider",
  externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: ["p"] },
};
const policy = (users: Record<string, unknown>, extra: Record<string, unknown> = {}): GraphPolicy =>
  ({
    id: "pol",
    displayName: "Require MFA",
    state: "enabled",
    conditions: { users: { includeUsers: ["All"], excludeUsers: ["bg"], ...users } },
    ...extra,
  }) as unknown as GraphPolicy;

describe("restoreBody", () => {
  it("puts back, for each property the request set, the value before it (null where there was none)", () => {
    const before = policy({ excludeGuestsOrExternalUsers: null });
    const request = { conditions: { users: { excludeGuestsOrExternalUsers: exclusion } } };
    expect(restoreBody(request, before)).toEqual({
      body: { conditions: { users: { excludeGuestsOrExternalUsers: null } } },
      paths: ["conditions.users.excludeGuestsOrExternalUsers"],
    });
    // An earlier exclusion the fix merged into is restored whole, as it was.
    const earlier = {
      guestOrExternalUserTypes: "b2bCollaborationGuest",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
    };
    expect(restoreBody(request, policy({ excludeGuestsOrExternalUsers: earlier }))!.body).toEqual({
      conditions: { users: { excludeGuestsOrExternalUsers: earlier } },
    });
    // A property absent before is cleared; the account's exclusion (excludeUsers) is restored as a whole list.
    expect(restoreBody({ conditions: { users: { excludeUsers: ["bg", "svc"] } } }, policy({}))!.body).toEqual({
      conditions: { users: { excludeUsers: ["bg"] } },
    });
    expect(restoreBody({ state: "enabled" }, { state: "enabledForReportingButNotEnforced" })).toEqual({
      body: { state: "enabledForReportingButNotEnforced" },
      paths: ["state"],
    });
    expect(restoreBody(null, before)).toBeNull();
  });
});

describe("planRestore", () => {
  const left = policy({ excludeGuestsOrExternalUsers: exclusion }, { modifiedDateTime: "2026-12-06T10:00:00Z" });
  const target: RestoreTarget = {
    action: "restore-before",
    partnerTenantId: "00000000-0000-4000-8000-000000000001",
    undoesRunId: "00000000-0000-4000-8000-000000000002",
    restores: {
      pol: {
        tenantId: "00000000-0000-4000-8000-000000000003",
        policyName: "Require MFA",
        leftAs: contentHash(left),
        body: { conditions: { users: { excludeGuestsOrExternalUsers: null } } },
        paths: ["conditions.users.excludeGuestsOrExternalUsers"],
      },
    },
  };

  it("restores a policy still as the run left it (Graph's modified time alone is no change)", () => {
    const planned = planRestore(target, { ...left, modifiedDateTime: "2026-12-06T11:00:00Z" } as GraphPolicy);
    expect(planned).toMatchObject({
      outcome: "restore",
      request: { method: "PATCH", path: "/identity/conditionalAccess/policies/pol", body: target.restores.pol!.body },
    });
  });

  it("leaves a policy changed since for review, and says when it is already as before", () => {
    expect(planRestore(target, { ...left, displayName: "Renamed" } as GraphPolicy)).toMatchObject({ outcome: "changed-since", request: null });
    expect(planRestore(target, policy({ excludeGuestsOrExternalUsers: null }))).toMatchObject({ outcome: "already-restored", request: null });
    expect(planRestore(target, { ...left, id: "other" } as GraphPolicy)).toMatchObject({ outcome: "not-in-run", request: null });
  });
});
