import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIOS } from "../ca";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { plannedVerdicts } from "./planned";
import { signInScenarioSet } from "./scenarios";
import { headlineOf } from "./view";

const PARTNER = "11111111-1111-4111-8111-111111111111";
const compliant: GraphPolicy = {
  id: "p-1",
  displayName: "Require compliant device for all users",
  state: "enabled",
  conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["compliantDevice"] },
};
const exclusion = {
  conditions: {
    users: {
      excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: { membershipKind: "enumerated", members: [PARTNER] } },
    },
  },
};
const context = { partnerTenantId: PARTNER, gdapRoleTemplateIds: [] };

describe("plannedVerdicts", () => {
  it("before: blocked by the policy; after the planned exclusion: gets in", () => {
    const verdicts = plannedVerdicts(
      [compliant],
      [{ policyId: "p-1", request: { method: "PATCH", body: exclusion }, requiresConfirmation: false }],
      DEFAULT_SCENARIOS,
      context,
    );
    expect(verdicts.map((v) => [v.before.kind, v.before.blockedBy[0]?.displayName, v.after.words])).toEqual(
      DEFAULT_SCENARIOS.map(() => ["blocked", "Require compliant device for all users", "gets in"]),
    );
  });

  it("a change that needs a person's tick is not part of the planned after", () => {
    const [v] = plannedVerdicts(
      [compliant],
      [{ policyId: "p-1", request: { method: "PATCH", body: exclusion }, requiresConfirmation: true }],
      DEFAULT_SCENARIOS,
      context,
    );
    expect(v?.after.kind).toBe("blocked");
  });
});

describe("the scenario set an admin saves", () => {
  const valid = DEFAULT_SCENARIOS.map((s) => ({ ...s }));
  it("accepts the defaults and Microsoft's app ids (not RFC 4122 variants)", () => {
    expect(signInScenarioSet.safeParse(valid).success).toBe(true);
  });
  it.each<[string, unknown]>([
    ["no scenario", []],
    ["a duplicate key", [valid[0], valid[0]]],
    ["a bad address", [{ ...valid[0], ipAddress: "300.1.1.1" }]],
    ["a country name", [{ ...valid[0], country: "Netherlands" }]],
    ["no app", [{ ...valid[0], applicationIds: [] }]],
    ["an unknown client app type", [{ ...valid[0], clientAppType: "other" }]],
  ])("refuses %s", (_what, set) => {
    expect(signInScenarioSet.safeParse(set).success).toBe(false);
  });
});

describe("headline", () => {
  it("is the worst verdict, or why nothing was proven", () => {
    const verdict = (kind: "gets-in" | "gets-in-after-mfa" | "blocked", words: string) => ({ kind, words, blockedBy: [], mfaBy: [] });
    const scenario = (v: ReturnType<typeof verdict>) => ({ key: "k", name: "n", verdict: v, evaluations: [] });
    expect(
      headlineOf(null, { scenarios: [scenario(verdict("gets-in", "gets in")), scenario(verdict("gets-in-after-mfa", "gets in after MFA"))], labels: [] }),
    ).toBe("proven: gets in after MFA");
    expect(headlineOf(null, { scenarios: [scenario(verdict("blocked", "blocked by X (grant control: block access)"))], labels: [] })).toBe(
      "proven: blocked by X (grant control: block access)",
    );
    expect(headlineOf("Graph refused", { scenarios: [], labels: [] })).toBe("not proven: Graph refused");
  });
});
