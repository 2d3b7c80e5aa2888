import { describe, expect, it } from "vitest";
import { ACCOUNT, BREAK_GLASS, liveDedicated, mfaForAll } from "../../testing/partner/policies";
import { usersCondition } from "../../testing/remediation/policies";
import { dedicatedPolicyRepairBody, findDedicatedPolicy } from "./dedicated-policy";
import { applyGraphPatch } from "./graph-patch";
import { serviceAccountPolicyDrift } from "./service-account-policy";

const NAME = "CIPP Service Account Conditional Access Policy";

describe("findDedicatedPolicy", () => {
  const other = mfaForAll("a0000000-0000-4000-8000-000000000001", "MFA for all users");
  const dedicated = liveDedicated("d0000000-0000-4000-8000-000000000001");

  it("prefers the stored id, even when the policy was renamed", () => {
    const renamed = { ...dedicated, displayName: "Renamed" };
    expect(findDedicatedPolicy([other, renamed], { dedicatedPolicyId: renamed.id, dedicatedPolicyName: NAME })).toEqual({ policy: renamed, foundBy: "id" });
  });

  it("falls back to the configured name (case and spaces aside) without an id, or when that policy is gone", () => {
    const spelled = { ...dedicated, displayName: ` ${NAME.toUpperCase()} ` };
    expect(findDedicatedPolicy([other, spelled], { dedicatedPolicyId: null, dedicatedPolicyName: NAME })).toEqual({ policy: spelled, foundBy: "name" });
    expect(findDedicatedPolicy([other, dedicated], { dedicatedPolicyId: "deleted", dedicatedPolicyName: NAME })?.foundBy).toBe("name");
  });

  it("takes the oldest of several policies with the name, and finds nothing when none matches", () => {
    const newer = { ...liveDedicated("d0000000-0000-4000-8000-000000000002"), createdDateTime: "2026-05-01T00:00:00Z" };
    expect(findDedicatedPolicy([newer, dedicated], { dedicatedPolicyId: null, dedicatedPolicyName: NAME })?.policy.id).toBe(dedicated.id);
    expect(findDedicatedPolicy([other], { dedicatedPolicyId: null, dedicatedPolicyName: NAME })).toBeNull();
  });
});

describe("dedicatedPolicyRepairBody", () => {
  const drifted = (() => {
    const p = liveDedicated();
    const c = p.conditions as Record<string, Record<string, unknown>>;
    return {
      ...p,
      displayName: "Renamed by someone",
      state: "enabled",
      conditions: {
        ...c,
        users: { ...c.users, includeUsers: [ACCOUNT, BREAK_GLASS], excludeUsers: [BREAK_GLASS], includeGroups: ["g0000000-0000-4000-8000-000000000001"] },
        applications: { ...c.applications, includeApplications: ["Office365"], excludeApplications: ["00000002-0000-0ff1-ce00-000000000000"] },
        locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
        signInRiskLevels: ["high"],
        clientAppTypes: ["browser"],
      },
      grantControls: {
        ...(p.grantControls as object),
        builtInControls: ["mfa", "compliantDevice"],
        operator: "AND",
        termsOfUse: ["t0000000-0000-4000-8000-000000000001"],
      },
      sessionControls: {
        ...(p.sessionControls as object),
        signInFrequency: { isEnabled: true, frequencyInterval: "timeBased", type: "hours", value: 8, authenticationType: "primaryAndSecondaryAuthentication" },
      },
    };
  })();

  it("leaves no drift once Graph merges it into the drifted policy", () => {
    expect(serviceAccountPolicyDrift(drifted, { accountId: ACCOUNT }).length).toBeGreaterThan(5);
    const repaired = applyGraphPatch(drifted, dedicatedPolicyRepairBody(drifted, ACCOUNT));
    expect(serviceAccountPolicyDrift(repaired, { accountId: ACCOUNT })).toEqual([]);
  });

  it("sends every object whole, clears what was added, and nothing read-only; name and state stay", () => {
    const body = dedicatedPolicyRepairBody(drifted, ACCOUNT) as {
      conditions: Record<string, unknown> & { users: Record<string, unknown> };
      grantControls: Record<string, unknown>;
      sessionControls: { signInFrequency: Record<string, unknown> };
    };
    expect(Object.keys(body).sort()).toEqual(["conditions", "grantControls", "sessionControls"]);
    expect(body.conditions.users).toEqual(usersCondition({ includeUsers: [ACCOUNT] }));
    expect(body.conditions.locations).toBeNull();
    expect(body.conditions.signInRiskLevels).toEqual([]);
    // Conditions that were empty already are not sent.
    expect(body.conditions).not.toHaveProperty("platforms");
    expect(body.conditions).not.toHaveProperty("userRiskLevels");
    expect(body.grantControls).toEqual({
      operator: "OR",
      builtInControls: ["mfa"],
      customAuthenticationFactors: [],
      termsOfUse: [],
      authenticationStrength: null,
    });
    // everyTime takes no period: type and value are cleared, not left from the time-based setting.
    expect(body.sessionControls.signInFrequency).toEqual({
      isEnabled: true,
      frequencyInterval: "everyTime",
      authenticationType: "primaryAndSecondaryAuthentication",
      type: null,
      value: null,
    });
    expect(JSON.stringify(body)).not.toMatch(/@odata|"id"|DateTime|templateId/);
  });
});
