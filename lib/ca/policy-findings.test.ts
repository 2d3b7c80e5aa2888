import { describe, expect, it } from "vitest";
import { FINDING_IDS, policyFindings, tenantFindings, type FindingId, type TenantLicenceFacts } from "./policy-findings";

type Json = Record<string, unknown>;
const EXO = "00000002-0000-0ff1-ce00-000000000000";
const GROUP = "11111111-2222-4333-8444-555555555555";

/** A plain enabled policy: a group, all apps, all clients, MFA. Each row changes what its rule is about. */
function policy(conditions: Json = {}, grantControls: Json = { operator: "OR", builtInControls: ["mfa"] }): Json {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    displayName: "p",
    state: "enabled",
    conditions: {
      users: { includeGroups: [GROUP] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      ...conditions,
    },
    grantControls,
  };
}

const LICENSED: TenantLicenceFacts = { entraP2: true, insiderRisk: true };
const UNLICENSED: TenantLicenceFacts = { entraP2: false, insiderRisk: false };

// Each rule of the conditions page: a policy that triggers it and one that does not (seed-004's rules).
const RULES: { id: FindingId; triggers: [Json, TenantLicenceFacts?]; doesNot: [Json, TenantLicenceFacts?] }[] = [
  {
    id: "device-state-deprecated",
    triggers: [policy({ devices: { includeDeviceStates: ["All"], excludeDeviceStates: ["Compliant"] } })],
    doesNot: [policy({ devices: { deviceFilter: { mode: "exclude", rule: "device.isCompliant -eq True" } } })],
  },
  {
    id: "device-state-with-filter",
    triggers: [policy({ devices: { excludeDeviceStates: ["Compliant"], deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "AzureAD"' } } })],
    doesNot: [policy({ devices: { excludeDeviceStates: ["Compliant"] } })],
  },
  {
    id: "mac-linux-app-grant",
    triggers: [
      policy({ platforms: { includePlatforms: ["macOS", "iOS"] } }, { operator: "OR", builtInControls: ["approvedApplication", "compliantApplication"] }),
    ],
    doesNot: [
      policy({ platforms: { includePlatforms: ["android", "iOS"] } }, { operator: "OR", builtInControls: ["approvedApplication", "compliantApplication"] }),
    ],
  },
  {
    id: "legacy-clients-blocked",
    triggers: [policy({ clientAppTypes: ["exchangeActiveSync", "other"] })],
    doesNot: [policy({ clientAppTypes: ["exchangeActiveSync", "other"] }, { operator: "OR", builtInControls: ["block"] })],
  },
  {
    id: "eas-everyone",
    triggers: [
      policy({
        users: { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"] },
        applications: { includeApplications: [EXO] },
        clientAppTypes: ["exchangeActiveSync"],
      }),
    ],
    doesNot: [policy({ users: { includeUsers: ["All"] }, applications: { includeApplications: [EXO] }, clientAppTypes: ["exchangeActiveSync"] })],
  },
  {
    id: "eas-other-apps",
    triggers: [policy({ applications: { includeApplications: ["All"] }, clientAppTypes: ["exchangeActiveSync"] })],
    doesNot: [policy({ applications: { includeApplications: [EXO] }, clientAppTypes: ["exchangeActiveSync"] })],
  },
  {
    id: "risk-needs-p2",
    triggers: [policy({ signInRiskLevels: ["high"] }), UNLICENSED],
    doesNot: [policy({ signInRiskLevels: ["high"] }), LICENSED],
  },
  {
    id: "insider-risk-needs-purview",
    triggers: [policy({ insiderRiskLevels: "elevated" }), UNLICENSED],
    doesNot: [policy({ insiderRiskLevels: "elevated" }), LICENSED],
  },
  {
    id: "authentication-flows-preview",
    triggers: [policy({ authenticationFlows: { transferMethods: "deviceCodeFlow" } }, { operator: "OR", builtInControls: ["block"] })],
    doesNot: [policy({}, { operator: "OR", builtInControls: ["block"] })],
  },
];

describe("the conditions page's rules as findings", () => {
  it("has a row for every rule", () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...FINDING_IDS].sort());
  });

  it.each(RULES)("$id: found where the rule is broken, not where it holds", ({ id, triggers, doesNot }) => {
    const found = policyFindings(...triggers).find((f) => f.id === id);
    expect(found, `${id} should be found`).toBeDefined();
    // The finding says what is wrong in words and quotes (or names) the rule it comes from.
    expect(found!.text.length).toBeGreaterThan(20);
    expect(found!.rule.length).toBeGreaterThan(40);
    expect(policyFindings(...doesNot).map((f) => f.id)).not.toContain(id);
  });

  it("leaves Microsoft's block-legacy-authentication template alone: Exchange ActiveSync and other clients, all users, all apps, block", () => {
    const template = policy(
      { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["exchangeActiveSync", "other"] },
      { operator: "OR", builtInControls: ["block"] },
    );
    expect(policyFindings(template)).toEqual([]);
  });

  it("says nothing about licences it has not read", () => {
    expect(policyFindings(policy({ userRiskLevels: ["high"] }))).toEqual([]);
  });

  it("names what a legacy client cannot do", () => {
    const [finding] = policyFindings(policy({ clientAppTypes: ["other"] }, { operator: "AND", builtInControls: ["mfa", "compliantDevice"] }));
    expect(finding!.text).toBe(
      "Applies to legacy authentication clients (other) and requires what they cannot do (mfa, compliantDevice): in effect it blocks these clients.",
    );
  });

  it("a tenant without a policy blocking unsupported platforms gets the recommendation; one with it does not", () => {
    const blocks = policy(
      { users: { includeUsers: ["All"] }, platforms: { includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS", "linux"] } },
      { operator: "OR", builtInControls: ["block"] },
    );
    expect(tenantFindings([policy()]).map((f) => f.id)).toEqual(["no-unsupported-platform-block"]);
    expect(tenantFindings([policy(), blocks])).toEqual([]);
    expect(tenantFindings([policy(), { ...blocks, state: "enabledForReportingButNotEnforced" }]).map((f) => f.id)).toEqual(["no-unsupported-platform-block"]);
    // An unreadable policy next to the blocking one changes nothing.
    expect(tenantFindings([{ conditions: "not a policy" }, blocks])).toEqual([]);
  });
});
