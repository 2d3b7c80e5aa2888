import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./errors";
import { applyGraphPatch } from "./graph-patch";
import type { PlanOutcome } from "./plan-result";
import { planServiceAccountExclusion } from "./plan-service-account-exclusion";

const ACCOUNT = "0d9c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const ALICE = "1a2b3c4d-0000-4000-8000-000000000001";

function policy(users: Record<string, unknown> | null): Record<string, unknown> {
  return {
    displayName: "p",
    state: "enabled",
    conditions: {
      applications: { includeApplications: ["All"] },
      ...(users === null ? { clientApplications: { includeServicePrincipals: ["x"] } } : { users }),
    },
  };
}

const cases: { name: string; users: Record<string, unknown> | null; outcome: PlanOutcome; excludeUsers?: string[]; reason: RegExp }[] = [
  { name: "no users condition", users: null, outcome: "not-applicable", reason: /no users condition/ },
  { name: "the dedicated policy", users: { includeUsers: [ACCOUNT] }, outcome: "not-applicable", reason: /dedicated policy/ },
  { name: "the dedicated policy, id in upper case", users: { includeUsers: [ACCOUNT.toUpperCase()] }, outcome: "not-applicable", reason: /dedicated policy/ },
  {
    name: "already excluded",
    users: { includeUsers: ["All"], excludeUsers: [ALICE, ACCOUNT] },
    outcome: "already-excluded",
    reason: /already in excludeUsers/,
  },
  {
    name: "All users",
    users: { includeUsers: ["All"], excludeUsers: [ALICE, "GuestsOrExternalUsers"] },
    outcome: "patch",
    excludeUsers: [ALICE, "GuestsOrExternalUsers", ACCOUNT],
    reason: /includes all users/,
  },
  { name: "All users, excludeUsers absent", users: { includeUsers: ["All"] }, outcome: "patch", excludeUsers: [ACCOUNT], reason: /includes all users/ },
  { name: "groups the account may be in", users: { includeGroups: ["g"] }, outcome: "patch", excludeUsers: [ACCOUNT], reason: /group/ },
  {
    name: "roles the account may hold",
    users: { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"] },
    outcome: "patch",
    excludeUsers: [ACCOUNT],
    reason: /directory role/,
  },
  {
    name: "the account named next to others",
    users: { includeUsers: [ALICE, ACCOUNT] },
    outcome: "needs-review",
    excludeUsers: [ACCOUNT],
    reason: /explicitly includes/,
  },
  { name: "only another user", users: { includeUsers: [ALICE] }, outcome: "not-applicable", reason: /1 other specific user/ },
  { name: "None", users: { includeUsers: ["None"] }, outcome: "not-applicable", reason: /no users/ },
  { name: "guests only", users: { includeUsers: ["GuestsOrExternalUsers"] }, outcome: "not-applicable", reason: /guest or external users/ },
];

describe("planServiceAccountExclusion", () => {
  it.each(cases)("$name -> $outcome", ({ users, outcome, excludeUsers, reason }) => {
    const input = policy(users);
    const plan = planServiceAccountExclusion(input, ACCOUNT);
    expect(plan.outcome).toBe(outcome);
    expect(plan.reason).toMatch(reason);
    if (excludeUsers === undefined) {
      expect(plan.body).toBeNull();
      return;
    }
    expect(plan.body).toEqual({ conditions: { users: { excludeUsers } } });
    if (!plan.body) return;
    expect(planServiceAccountExclusion(applyGraphPatch(input, plan.body), ACCOUNT).outcome).toBe("already-excluded");
  });

  it("rejects an account id that is not a GUID", () => {
    expect(() => planServiceAccountExclusion(policy({ includeUsers: ["All"] }), "svc@contoso.com")).toThrow(InvalidArgumentError);
  });
});
