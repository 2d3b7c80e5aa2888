import { describe, expect, it } from "vitest";
import { evaluateSignIn, type EvaluationContext } from "./evaluate-sign-in";
import { ipInRange } from "./ip-range";
import { labelPolicy } from "./policy-labels";
import { DEFAULT_SCENARIOS, evaluateRequestBody, SCENARIO_APP, type SignInScenario } from "./sign-in-scenarios";
import { evaluationFromGraph, verdictOf } from "./sign-in-verdict";

const PARTNER = "11111111-1111-4111-8111-111111111111";
const OTHER = "99999999-9999-4999-8999-999999999999";
const CA_ADMIN = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";
const context: EvaluationContext = { partnerTenantId: PARTNER, gdapRoleTemplateIds: [CA_ADMIN], namedLocations: [] };
const [portals, automation] = DEFAULT_SCENARIOS as [SignInScenario, SignInScenario];

type Json = Record<string, unknown>;
function policy(over: { users?: Json; conditions?: Json; grant?: Json | null; state?: string; name?: string } = {}): Json {
  return {
    id: "p-1",
    displayName: over.name ?? "Test policy",
    state: over.state ?? "enabled",
    conditions: {
      users: { includeUsers: ["All"], ...over.users },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      ...over.conditions,
    },
    grantControls: over.grant === undefined ? { operator: "OR", builtInControls: ["mfa"] } : over.grant,
  };
}
const sp = (members?: string[]) => ({
  guestOrExternalUserTypes: "serviceProvider",
  externalTenants: members ? { membershipKind: "enumerated", members } : { membershipKind: "all" },
});
const one = (p: Json, scenario = portals, ctx = context) => evaluateSignIn([p], scenario, ctx)[0]!;

describe("evaluateSignIn: policyApplies and analysisReasons", () => {
  it.each<[string, Json, boolean, string]>([
    ["all users", policy(), true, "notSet"],
    ["off", policy({ state: "disabled" }), false, "policyNotEnabled"],
    ["report-only is evaluated", policy({ state: "enabledForReportingButNotEnforced" }), true, "notSet"],
    ["a role GDAP grants", policy({ users: { includeUsers: [], includeRoles: [CA_ADMIN] } }), true, "notSet"],
    ["specific users and groups only", policy({ users: { includeUsers: ["u-1"], includeGroups: ["g-1"] } }), false, "users"],
    ["service providers of this partner", policy({ users: { includeUsers: [], includeGuestsOrExternalUsers: sp([PARTNER]) } }), true, "notSet"],
    ["service providers of another partner", policy({ users: { includeUsers: [], includeGuestsOrExternalUsers: sp([OTHER]) } }), false, "users"],
    ["the MSP excluded", policy({ users: { excludeGuestsOrExternalUsers: sp([PARTNER]) } }), false, "users"],
    ["a GDAP role excluded", policy({ users: { excludeRoles: [CA_ADMIN] } }), false, "users"],
    [
      "user actions only",
      policy({ conditions: { applications: { includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo"] } } }),
      false,
      "userActions",
    ],
    ["Office 365 (not the admin portals)", policy({ conditions: { applications: { includeApplications: ["Office365"] } } }), false, "application"],
    ["Microsoft Admin Portals", policy({ conditions: { applications: { includeApplications: ["MicrosoftAdminPortals"] } } }), true, "notSet"],
    [
      "admin portals excluded",
      policy({ conditions: { applications: { includeApplications: ["All"], excludeApplications: [SCENARIO_APP.azureManagement] } } }),
      false,
      "application",
    ],
    ["legacy clients only", policy({ conditions: { clientAppTypes: ["exchangeActiveSync", "other"] } }), false, "clientApps"],
    ["iOS only", policy({ conditions: { platforms: { includePlatforms: ["iOS"] } } }), false, "devicePlatform"],
    ["Windows excluded", policy({ conditions: { platforms: { includePlatforms: ["all"], excludePlatforms: ["windows"] } } }), false, "devicePlatform"],
    ["high sign-in risk", policy({ conditions: { signInRiskLevels: ["high"] } }), false, "signInRisk"],
    ["device filter include", policy({ conditions: { devices: { deviceFilter: { mode: "include", rule: 'device.model -eq "x"' } } } }), false, "devices"],
    ["device code flow", policy({ conditions: { authenticationFlows: { transferMethods: "deviceCodeFlow" } } }), false, "authenticationFlow"],
  ])("%s", (_what, p, applies, reason) => {
    const result = one(p);
    expect([result.policyApplies, result.analysisReasons]).toEqual([applies, reason]);
  });

  it("an unknown platform (the automation account's server) is reached only by 'all'", () => {
    expect(one(policy({ conditions: { platforms: { includePlatforms: ["windows"] } } }), automation).analysisReasons).toBe("devicePlatform");
    expect(one(policy({ conditions: { platforms: { includePlatforms: ["all"], excludePlatforms: ["linux"] } } }), automation).policyApplies).toBe(true);
  });

  it("locations: IP ranges, trusted, countries, and a location it could not read", () => {
    const office = { "@odata.type": "#microsoft.graph.ipNamedLocation", id: "loc-office", isTrusted: true, ipRanges: [{ cidrAddress: "203.0.113.0/24" }] };
    const germany = {
      "@odata.type": "#microsoft.graph.countryNamedLocation",
      id: "loc-de",
      countriesAndRegions: ["DE"],
      includeUnknownCountriesAndRegions: false,
    };
    const ctx = { ...context, namedLocations: [office, germany] };
    const outsideTrusted = policy({ conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } });
    expect(one(outsideTrusted, portals, ctx).analysisReasons).toBe("location");
    expect(one(outsideTrusted, { ...portals, ipAddress: "198.51.100.1" }, ctx).policyApplies).toBe(true);
    expect(one(policy({ conditions: { locations: { includeLocations: ["loc-de"] } } }), { ...portals, country: "de" }, ctx).policyApplies).toBe(true);
    const unread = one(policy({ conditions: { locations: { includeLocations: ["loc-elsewhere"] } } }), portals, ctx);
    expect(unread.uncertain).toEqual(["the named location loc-elsewhere was not read"]);
  });
});

describe("grant requirement and verdict", () => {
  it.each<[string, Json | null, string, string]>([
    ["block", { operator: "OR", builtInControls: ["block"] }, "blocked", "grant control: block access"],
    ["MFA", { operator: "OR", builtInControls: ["mfa"] }, "mfa", "requires multifactor authentication"],
    ["MFA or compliant device", { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }, "mfa", "requires multifactor authentication"],
    [
      "MFA and compliant device",
      { operator: "AND", builtInControls: ["mfa", "compliantDevice"] },
      "blocked",
      "requires a compliant device (the device is not registered in the customer tenant)",
    ],
    [
      "phishing-resistant strength",
      { operator: "OR", authenticationStrength: { id: "00000000-0000-0000-0000-000000000004", displayName: "Phishing-resistant MFA" } },
      "blocked",
      "requires authentication strength 'Phishing-resistant MFA' (password + MFA does not meet it)",
    ],
    ["custom control", { operator: "OR", customAuthenticationFactors: ["Duo"] }, "blocked", "requires custom control 'Duo'"],
    ["session controls only", null, "none", "no grant controls"],
  ])("%s", (_what, grant, kind, reason) => {
    expect(one(policy({ grant })).grant).toMatchObject({ kind, reason });
  });

  it("blocked by the enabled policy that blocks, naming its grant; report-only and MFA policies do not block", () => {
    const evaluations = evaluateSignIn(
      [
        policy({ name: "Compliant device for all users", grant: { operator: "OR", builtInControls: ["compliantDevice"] } }),
        {
          ...policy({ name: "Block in report-only", state: "enabledForReportingButNotEnforced", grant: { operator: "OR", builtInControls: ["block"] } }),
          id: "p-2",
        },
        { ...policy({ name: "MFA for all" }), id: "p-3" },
      ],
      portals,
      context,
    );
    expect(verdictOf(evaluations).words).toBe(
      "blocked by Compliant device for all users (requires a compliant device (the device is not registered in the customer tenant))",
    );
    expect(verdictOf(evaluations.slice(1)).words).toBe("gets in after MFA");
    expect(verdictOf([]).words).toBe("gets in");
  });

  it("reads Graph's whatIfAnalysisResult the same way", () => {
    const fromGraph = evaluationFromGraph({
      ...policy({ grant: { operator: "OR", builtInControls: ["block"] } }),
      policyApplies: false,
      analysisReasons: "users",
    });
    expect(fromGraph).toMatchObject({ policyApplies: false, analysisReasons: "users", grant: { kind: "blocked" } });
    expect(verdictOf([fromGraph]).kind).toBe("gets-in");
  });
});

describe("labels across scenarios", () => {
  const label = (p: Json) => labelPolicy(DEFAULT_SCENARIOS.map((s) => ({ scenario: s.name, evaluation: one(p, s) })));
  it.each<[string, Json, string]>([
    ["block for all users", policy({ grant: { operator: "OR", builtInControls: ["block"] } }), "blocks the MSP"],
    ["MFA for all users", policy(), "asks for MFA only"],
    ["MFA, MSP excluded", policy({ users: { excludeGuestsOrExternalUsers: sp([PARTNER]) } }), "does not reach the MSP"],
    ["legacy keyword excluded", policy({ users: { excludeUsers: ["GuestsOrExternalUsers"] } }), "cannot tell"],
    ["session only", policy({ grant: null }), "applies, blocks nothing"],
  ])("%s -> %s", (_what, p, words) => {
    expect(label(p).words).toBe(words);
  });
});

describe("the evaluate request", () => {
  it("asks as the partner's service provider, with the scenario's app, client, platform and address", () => {
    expect(evaluateRequestBody(portals, PARTNER.toUpperCase())).toEqual({
      signInIdentity: { "@odata.type": "#microsoft.graph.userSignIn", externalTenantId: PARTNER, externalUserType: "serviceProvider" },
      signInContext: { "@odata.type": "#microsoft.graph.applicationContext", includeApplications: [SCENARIO_APP.azureManagement] },
      signInConditions: { clientAppType: "browser", devicePlatform: "windows", ipAddress: "203.0.113.10" },
      appliedPoliciesOnly: false,
    });
  });
});

describe("ipInRange", () => {
  it.each<[string, string, boolean]>([
    ["203.0.113.10", "203.0.113.0/24", true],
    ["203.0.114.10", "203.0.113.0/24", false],
    ["10.1.2.3", "10.0.0.0/8", true],
    ["2001:db8::1", "2001:db8::/32", true],
    ["2001:db9::1", "2001:db8::/32", false],
    ["::ffff:203.0.113.5", "::ffff:203.0.113.0/120", true],
    ["203.0.113.10", "2001:db8::/32", false],
    ["not an ip", "10.0.0.0/8", false],
  ])("%s in %s -> %s", (ip, cidr, inside) => {
    expect(ipInRange(ip, cidr)).toBe(inside);
  });
});
