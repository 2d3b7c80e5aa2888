import { describe, expect, it } from "vitest";
import { applyGraphPatch, buildServiceAccountPolicy, dedicatedPolicyRepairBody, serviceAccountPolicyDrift } from "../ca";
import { GraphFailure, type GraphPolicy } from "../graph/tenant-graph-contract";
import type { DedicatedPolicyAction } from "./actions";
import { enforceWarnings, isEveryTimeRefusal, liveDedicatedPolicy, planDedicated, type DedicatedTarget } from "./dedicated-policy";
import { previewPolicy } from "./preview";
import { ACCOUNT, BREAK_GLASS, liveDedicated, mfaForAll } from "../../testing/partner/policies";

const NAME = "CIPP Service Account Conditional Access Policy";
const UPN = "svc-automation@tailwindmsp.example";
const GROUP = "11111111-2222-4333-8444-555555555555";

const target = (action: DedicatedPolicyAction, dedicatedPolicyId: string | null = null): DedicatedTarget => ({
  action,
  accountObjectId: ACCOUNT,
  accountUpn: UPN,
  dedicatedPolicy: { dedicatedPolicyId, dedicatedPolicyName: NAME },
});

/** The dedicated policy with its users condition changed. */
function withUsers(policy: GraphPolicy, users: Record<string, unknown>): GraphPolicy {
  const conditions = policy.conditions as { users: Record<string, unknown> };
  return { ...policy, conditions: { ...conditions, users: { ...conditions.users, ...users } } };
}

const driftOf = (policy: unknown) => serviceAccountPolicyDrift(policy, { accountId: ACCOUNT });

describe("planDedicated: create", () => {
  it("creates the policy report-only when there is none: one POST of lib/ca's policy, under the configured name", () => {
    const plan = planDedicated(target("create-service-account-policy"), null);
    const body = buildServiceAccountPolicy({ accountId: ACCOUNT, displayName: NAME, state: "enabledForReportingButNotEnforced" });
    expect(plan).toEqual({
      outcome: "create",
      reason: expect.stringContaining(UPN),
      warnings: [],
      request: { method: "POST", path: "/identity/conditionalAccess/policies", body: { ...body } },
      requiresConfirmation: false,
    });
    expect(plan.request?.body.state).toBe("enabledForReportingButNotEnforced");
    expect(plan.reason).toMatch(/report-only \(nobody is blocked until it is enforced\)/);
    // What it creates is exactly what a repair would leave alone.
    expect(driftOf({ ...plan.request!.body, id: "new" })).toEqual([]);
  });

  it("creates nothing when a policy exists: the expected shape, or its drift and the way forward", () => {
    expect(planDedicated(target("create-service-account-policy"), liveDedicated())).toEqual({
      outcome: "exists",
      reason: `The dedicated policy "${NAME}" exists already and has the expected shape; nothing is created.`,
      warnings: [],
      request: null,
      requiresConfirmation: false,
    });
    const drifted = mfaForAll("d0000000-0000-4000-8000-000000000009", NAME);
    const plan = planDedicated(target("create-service-account-policy"), drifted);
    expect(plan).toMatchObject({ outcome: "exists", request: null, warnings: driftOf(drifted) });
    expect(plan.warnings.length).toBeGreaterThan(0);
    expect(plan.reason).toMatch(/exists already; nothing is created\. It differs from the expected shape: repair it instead\./);
  });
});

describe("planDedicated: repair", () => {
  it("has nothing to repair without a policy, nor in one with the expected shape", () => {
    expect(planDedicated(target("repair-service-account-policy"), null)).toMatchObject({ outcome: "missing", request: null, reason: /create it first/ });
    expect(planDedicated(target("repair-service-account-policy"), liveDedicated())).toMatchObject({ outcome: "no-drift", request: null });
    // Name and state are a person's to choose: an enforced or renamed policy is not drift.
    expect(planDedicated(target("repair-service-account-policy"), { ...liveDedicated(), state: "enabled", displayName: "Renamed" }).outcome).toBe("no-drift");
  });

  it("restores the expected shape with one PATCH of lib/ca's repair body, and says what differed", () => {
    const drifted = withUsers(liveDedicated(), { includeGroups: [GROUP], excludeUsers: [BREAK_GLASS] });
    const plan = planDedicated(target("repair-service-account-policy"), drifted);
    expect(plan).toMatchObject({ outcome: "repair", warnings: [], requiresConfirmation: false });
    expect(plan.request).toEqual({
      method: "PATCH",
      path: `/identity/conditionalAccess/policies/${drifted.id}`,
      body: dedicatedPolicyRepairBody(drifted, ACCOUNT),
    });
    for (const sentence of driftOf(drifted)) expect(plan.reason).toContain(sentence);
    // Graph's PATCH of that body leaves no drift, and keeps the name and the state.
    const repaired = applyGraphPatch(drifted, plan.request!.body);
    expect(driftOf(repaired)).toEqual([]);
    expect(repaired).toMatchObject({ displayName: NAME, state: drifted.state });
  });
});

describe("planDedicated: enforce", () => {
  it("has nothing to enforce without a policy, nor when it is enforced already", () => {
    expect(planDedicated(target("enforce-service-account-policy"), null)).toMatchObject({ outcome: "missing", request: null, reason: /create it first/ });
    expect(planDedicated(target("enforce-service-account-policy"), { ...liveDedicated(), state: "enabled" })).toMatchObject({
      outcome: "already-enforced",
      request: null,
      warnings: [],
    });
  });

  it("sends state enabled and nothing else, with what it changes and whom it could lock out", () => {
    for (const state of ["enabledForReportingButNotEnforced", "disabled"]) {
      const live = { ...liveDedicated(), state };
      const plan = planDedicated(target("enforce-service-account-policy"), live);
      expect(plan).toEqual({
        outcome: "enforce",
        reason: `Enforces the dedicated policy (state "${state}" -> "enabled").`,
        warnings: enforceWarnings(target("enforce-service-account-policy"), live),
        request: { method: "PATCH", path: `/identity/conditionalAccess/policies/${live.id}`, body: { state: "enabled" } },
        requiresConfirmation: false,
      });
    }
  });

  it("an unreadable policy is reported by the preview, not planned", () => {
    const broken = { ...liveDedicated(), conditions: "nope" } as GraphPolicy;
    expect(() => planDedicated(target("enforce-service-account-policy"), broken)).toThrow();
    expect(previewPolicy(target("enforce-service-account-policy"), broken)).toMatchObject({ outcome: "unreadable", request: null });
  });
});

describe("enforceWarnings", () => {
  const enforce = target("enforce-service-account-policy");

  it("name the account, say every sign-in needs MFA, and who is locked out without it", () => {
    const warnings = enforceWarnings(enforce, liveDedicated());
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(UPN);
    expect(warnings[0]).toMatch(/every sign-in .* must pass multifactor authentication, every time/);
    expect(warnings[1]).toContain(UPN);
    expect(warnings[1]).toMatch(/is blocked, and with it the portal's delegated access to every customer/);
    expect(warnings[1]).toMatch(/report-only results in the sign-in logs first/);
  });

  it("name whom else a drifted policy reaches, and that it still differs", () => {
    const drifted = withUsers(liveDedicated(), { includeUsers: [ACCOUNT, BREAK_GLASS], includeGroups: [GROUP] });
    const warnings = enforceWarnings(enforce, drifted);
    expect(warnings).toHaveLength(4);
    const others = warnings[2]!;
    expect(others).toMatch(/^It also applies to more than the service account, who would be held to the same rule: /);
    expect(others).toContain(BREAK_GLASS);
    expect(others).toContain(GROUP);
    expect(others).toContain(`${UPN} (the service account)`);
    expect(warnings[3]).toMatch(/^It still differs from the expected shape \(repair it first\): /);
    for (const sentence of driftOf(drifted)) expect(warnings[3]).toContain(sentence);
  });

  it("say so when the policy reaches every user, roles or guests", () => {
    expect(enforceWarnings(enforce, mfaForAll(liveDedicated().id, NAME))[2]).toMatch(/more than the service account.*all users/i);
    const roles = withUsers(liveDedicated(), { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"] });
    expect(enforceWarnings(enforce, roles)[2]).toMatch(/^It also applies to more than the service account/);
    const guests = withUsers(liveDedicated(), { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: null } });
    expect(enforceWarnings(enforce, guests)[2]).toMatch(/^It also applies to more than the service account/);
  });

  it("do not count exclusions as reaching others (they are drift, said separately)", () => {
    const excluding = withUsers(liveDedicated(), { excludeUsers: [BREAK_GLASS] });
    const warnings = enforceWarnings(enforce, excluding);
    expect(warnings.some((w) => w.startsWith("It also applies"))).toBe(false);
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toMatch(/^It still differs from the expected shape/);
  });
});

describe("liveDedicatedPolicy", () => {
  it("finds the policy by its stored id, else by its name, else none", () => {
    const byName = liveDedicated("d0000000-0000-4000-8000-00000000000a");
    const renamed = liveDedicated("d0000000-0000-4000-8000-00000000000b", "Renamed by someone");
    const others = [mfaForAll("10000000-0000-4000-8000-000000000001", "MFA for all")];
    expect(liveDedicatedPolicy(target("repair-service-account-policy"), [...others, byName, renamed])?.id).toBe(byName.id);
    expect(liveDedicatedPolicy(target("repair-service-account-policy", renamed.id), [...others, byName, renamed])?.id).toBe(renamed.id);
    expect(liveDedicatedPolicy(target("repair-service-account-policy"), others)).toBeNull();
  });
});

describe("isEveryTimeRefusal", () => {
  const failure = (status: number, graphMessage: string) => new GraphFailure("conflict", "Microsoft Graph refused the request.", { status, graphMessage });

  it("recognises v1.0's refusal of everyTime", () => {
    expect(
      isEveryTimeRefusal(
        failure(
          400,
          "'everyTime' value for 'frequencyInterval' property in 'signInFrequency' session control is not supported for this policy in this API version. Please use the beta endpoint.",
        ),
      ),
    ).toBe(true);
  });

  it("does not retry other refusals", () => {
    expect(
      isEveryTimeRefusal(
        failure(
          400,
          "1104: 'everyTime' value for 'frequencyInterval' property in 'signInFrequency' session control does not support 'type' and 'value' properties; they must be null.",
        ),
      ),
    ).toBe(false);
    expect(isEveryTimeRefusal(failure(400, "Security Defaults is enabled in the tenant."))).toBe(false);
    expect(isEveryTimeRefusal(failure(500, "everyTime is not supported in this API version"))).toBe(false);
    expect(isEveryTimeRefusal(new Error("everyTime is not supported in this API version"))).toBe(false);
  });
});
