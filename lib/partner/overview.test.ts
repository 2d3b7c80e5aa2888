import { describe, expect, it } from "vitest";
import { DEFAULT_SERVICE_ACCOUNT_POLICY_NAME } from "../ca";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { overviewOf } from "./overview";
import type { PartnerSettingsRow } from "../db/queries/partner-settings";
import { ACCOUNT, BREAK_GLASS, liveDedicated, mfaForAll } from "../../testing/partner/policies";

const settings = (parts: Partial<PartnerSettingsRow> = {}): PartnerSettingsRow => ({
  serviceAccountId: ACCOUNT,
  serviceAccountUpn: "svc@msp.example",
  dedicatedPolicyName: DEFAULT_SERVICE_ACCOUNT_POLICY_NAME,
  dedicatedPolicyId: null,
  trustedIpsRemovedAttestedAt: null,
  trustedIpsRemovedAttestedByUpn: null,
  ...parts,
});

describe("overviewOf", () => {
  const needsIt = mfaForAll("a0000000-0000-4000-8000-000000000001", "MFA for all users");
  const hasIt = mfaForAll("a0000000-0000-4000-8000-000000000002", "Block risky sign-ins", [BREAK_GLASS, ACCOUNT]);
  const dedicated = liveDedicated();

  it("plans each policy, marks the dedicated one and reports its drift", () => {
    const view = overviewOf([needsIt, hasIt, dedicated], settings());
    expect(view.policies.map((p) => [p.displayName, p.exclusion?.outcome, p.dedicated])).toEqual([
      ["MFA for all users", "patch", false],
      ["Block risky sign-ins", "already-excluded", false],
      [DEFAULT_SERVICE_ACCOUNT_POLICY_NAME, "not-applicable", true],
    ]);
    expect(view.policies[0]?.description.length).toBeGreaterThan(0);
    expect(view.dedicated).toEqual({
      id: dedicated.id,
      displayName: dedicated.displayName,
      state: dedicated.state,
      foundBy: "name",
      enforced: false,
      drift: [],
    });
  });

  it("shows no exclusion plans before an account is chosen, and an unreadable policy as an error", () => {
    const broken = { id: "broken", displayName: "Broken", state: "enabled", conditions: "nonsense" } as unknown as GraphPolicy;
    const view = overviewOf([needsIt, broken], settings({ serviceAccountId: null, serviceAccountUpn: null }));
    expect(view.account).toBeNull();
    expect(view.policies[0]?.exclusion).toBeNull();
    expect(view.policies[1]?.error).toMatch(/^The policy could not be read: /);
    expect(view.dedicated).toBeNull();
  });
});
