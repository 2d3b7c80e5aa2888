import { describe, expect, it } from "vitest";
import { GRAPH_APP_ID, ROLE } from "@/emulator/contract";
import {
  AUTH_STRENGTH,
  evaluateGrantControls,
  evaluateServiceProviderSignIn,
  locationsContaining,
  policyApplies,
  type ServiceProviderSignIn,
} from "./ca-evaluation";

const PARTNER = "11111111-1111-4111-8111-111111111111";
const OTHER_PARTNER = "99999999-9999-4999-8999-999999999999";
const PORTAL = "aaaaaaaa-0000-4000-8000-00000000a001";

const signIn = (over: Partial<ServiceProviderSignIn> = {}): ServiceProviderSignIn => ({
  userId: "0000000a-0000-4000-8000-000000000001",
  partnerTenantId: PARTNER,
  roleTemplateIds: [ROLE.conditionalAccessAdministrator],
  clientId: PORTAL,
  clientAppType: "mobileAppsAndDesktopClients",
  amr: ["pwd", "mfa"],
  ipAddress: "127.0.0.1",
  ...over,
});

type Json = Record<string, unknown>;

/** An enabled block policy for all users and all apps; `conditions` entries replace the defaults. */
function policy(conditions: Json = {}, extra: Json = {}): Json {
  return {
    id: "p-1",
    displayName: "test policy",
    state: "enabled",
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: [], includeRoles: [], excludeRoles: [], includeGroups: [], excludeGroups: [] },
      applications: { includeApplications: ["All"], excludeApplications: [] },
      clientAppTypes: ["all"],
      ...conditions,
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
    ...extra,
  };
}

const users = (u: Json) => ({ users: { includeUsers: [], excludeUsers: [], includeRoles: [], excludeRoles: [], ...u } });
const sp = (members?: string[], types = "serviceProvider") => ({
  guestOrExternalUserTypes: types,
  externalTenants: members
    ? { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members }
    : { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
});
const applies = (p: Json, s = signIn(), locations: unknown[] = []) => policyApplies(p, locations, s).applies;

describe("policy state", () => {
  it.each([
    ["enabled", "block"],
    ["enabledForReportingButNotEnforced", "allow"],
    ["disabled", "allow"],
  ])("%s -> %s", (state, kind) => {
    expect(evaluateServiceProviderSignIn([policy({}, { state })], [], signIn()).kind).toBe(kind);
  });
});

describe("users condition: include", () => {
  it.each<[string, Json, boolean]>([
    ["All users", users({ includeUsers: ["All"] }), true],
    ["None", users({ includeUsers: ["None"] }), false],
    ["legacy GuestsOrExternalUsers", users({ includeUsers: ["GuestsOrExternalUsers"] }), true],
    ["a role the GDAP token carries", users({ includeRoles: [ROLE.conditionalAccessAdministrator] }), true],
    ["a role it does not carry", users({ includeRoles: [ROLE.globalAdministrator] }), false],
    ["service providers of all tenants", users({ includeGuestsOrExternalUsers: sp() }), true],
    ["service providers of this partner", users({ includeGuestsOrExternalUsers: sp([PARTNER]) }), true],
    ["service providers of another partner", users({ includeGuestsOrExternalUsers: sp([OTHER_PARTNER]) }), false],
    ["other guest types only", users({ includeGuestsOrExternalUsers: sp(undefined, "b2bCollaborationGuest,internalGuest") }), false],
    ["service provider among several types", users({ includeGuestsOrExternalUsers: sp(undefined, "b2bCollaborationGuest, serviceProvider") }), true],
    ["groups only (the partner user is in none of the customer's groups)", users({ includeGroups: ["g-1"] }), false],
  ])("%s -> applies %s", (_what, conditions, expected) => {
    expect(applies(policy(conditions))).toBe(expected);
  });

  it("does not apply without a users condition (workload identity policy)", () => {
    expect(applies(policy({ users: null, clientApplications: { includeServicePrincipals: ["sp-1"] } }))).toBe(false);
    expect(applies(policy({ clientApplications: { includeServicePrincipals: ["sp-1"], excludeServicePrincipals: [] } }))).toBe(false);
  });
});

describe("users condition: exclude", () => {
  const all = { includeUsers: ["All"] };
  it.each<[string, Json, boolean]>([
    ["legacy GuestsOrExternalUsers", users({ ...all, excludeUsers: ["GuestsOrExternalUsers"] }), false],
    ["service providers of all tenants", users({ ...all, excludeGuestsOrExternalUsers: sp() }), false],
    ["service providers of this partner", users({ ...all, excludeGuestsOrExternalUsers: sp([PARTNER]) }), false],
    ["service providers of another partner only", users({ ...all, excludeGuestsOrExternalUsers: sp([OTHER_PARTNER]) }), true],
    ["B2B guests of all tenants", users({ ...all, excludeGuestsOrExternalUsers: sp(undefined, "b2bCollaborationGuest,b2bCollaborationMember") }), true],
    ["a role the token carries", users({ ...all, excludeRoles: [ROLE.conditionalAccessAdministrator] }), false],
    ["another role", users({ ...all, excludeRoles: [ROLE.securityReader] }), true],
    ["groups (never the partner user)", users({ ...all, excludeGroups: ["g-1"] }), true],
  ])("excluding %s -> applies %s", (_what, conditions, expected) => {
    expect(applies(policy(conditions))).toBe(expected);
  });
});

describe("applications condition", () => {
  const apps = (include: string[], exclude: string[] = [], more: Json = {}) => ({
    applications: { includeApplications: include, excludeApplications: exclude, ...more },
  });
  it.each<[string, Json, boolean]>([
    ["All", apps(["All"]), true],
    ["Office365 (Graph counts as part of it)", apps(["Office365"]), true],
    ["Microsoft Graph", apps([GRAPH_APP_ID]), true],
    ["the portal app", apps([PORTAL]), true],
    ["admin portals only", apps(["MicrosoftAdminPortals"]), false],
    ["another app", apps(["bbbbbbbb-0000-4000-8000-000000000001"]), false],
    ["All except Graph (the portal app is still reached)", apps(["All"], [GRAPH_APP_ID]), true],
    ["All except the portal and Office365", apps(["All"], [PORTAL, "Office365"]), false],
    ["Graph, excluded as Office365", apps([GRAPH_APP_ID], ["Office365"]), false],
    ["user actions only", apps([], [], { includeUserActions: ["urn:user:registersecurityinfo"] }), false],
    ["authentication contexts only", apps([], [], { includeAuthenticationContextClassReferences: ["c1"] }), false],
  ])("%s -> applies %s", (_what, conditions, expected) => {
    expect(applies(policy(conditions))).toBe(expected);
  });
});

describe("client app types", () => {
  it.each<[string[], ServiceProviderSignIn["clientAppType"], boolean]>([
    [["all"], "browser", true],
    [[], "mobileAppsAndDesktopClients", true],
    [["browser"], "browser", true],
    [["browser"], "mobileAppsAndDesktopClients", false],
    [["mobileAppsAndDesktopClients"], "mobileAppsAndDesktopClients", true],
    [["exchangeActiveSync", "other"], "mobileAppsAndDesktopClients", false],
  ])("%j for a %s sign-in -> applies %s", (types, type, expected) => {
    expect(applies(policy({ clientAppTypes: types }), signIn({ clientAppType: type }))).toBe(expected);
  });
});

describe("platforms (the sign-in's platform is unknown)", () => {
  it.each<[Json, boolean]>([
    [{ includePlatforms: ["all"], excludePlatforms: [] }, true],
    [{ includePlatforms: ["all"], excludePlatforms: ["android", "iOS", "windows", "macOS"] }, true],
    [{ includePlatforms: ["android", "iOS"], excludePlatforms: [] }, false],
    [{ includePlatforms: [], excludePlatforms: [] }, true],
  ])("%j -> applies %s", (platforms, expected) => {
    expect(applies(policy({ platforms }))).toBe(expected);
  });
});

describe("locations", () => {
  const ip = (id: string, cidr: string, isTrusted: boolean) => ({
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    id,
    displayName: id,
    isTrusted,
    ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: cidr }],
  });
  const country = (id: string, includeUnknown: boolean) => ({
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    id,
    countriesAndRegions: ["NL"],
    includeUnknownCountriesAndRegions: includeUnknown,
  });
  const office = ip("office", "203.0.113.0/24", true);
  const loopbackTrusted = ip("loopback", "127.0.0.0/8", true);

  it.each<[string, Json, unknown[], boolean]>([
    ["All", { includeLocations: ["All"], excludeLocations: [] }, [], true],
    ["All except trusted, sign-in not in a trusted location", { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }, [office], true],
    ["All except trusted, sign-in in a trusted IP range", { includeLocations: ["All"], excludeLocations: ["AllTrusted"] }, [loopbackTrusted], false],
    ["AllTrusted only, sign-in untrusted", { includeLocations: ["AllTrusted"], excludeLocations: [] }, [office], false],
    ["a named IP location containing the sign-in", { includeLocations: ["loopback"], excludeLocations: [] }, [loopbackTrusted], true],
    ["a named IP location elsewhere", { includeLocations: ["office"], excludeLocations: [] }, [office], false],
    ["a country location including unknown countries", { includeLocations: ["eu"], excludeLocations: [] }, [country("eu", true)], true],
    ["a country location without unknown countries", { includeLocations: ["eu"], excludeLocations: [] }, [country("eu", false)], false],
    ["legacy MFA trusted IPs", { includeLocations: ["00000000-0000-0000-0000-000000000000"], excludeLocations: [] }, [], false],
  ])("%s -> applies %s", (_what, locations, named, expected) => {
    expect(applies(policy({ locations }), signIn(), named)).toBe(expected);
  });

  it("matches IPv6 ranges", () => {
    const v6 = { "@odata.type": "#microsoft.graph.ipNamedLocation", id: "v6", isTrusted: true, ipRanges: [{ cidrAddress: "::1/128" }] };
    expect(locationsContaining([v6], "::1")).toEqual({ ids: new Set(["v6"]), trusted: true });
    expect(locationsContaining([v6], "127.0.0.1").ids.size).toBe(0);
  });
});

describe("risk, device and authentication-flow conditions", () => {
  it.each<[string, Json, boolean]>([
    ["user risk high", { userRiskLevels: ["high"] }, false],
    ["user risk including none", { userRiskLevels: ["none", "low"] }, true],
    ["sign-in risk medium/high", { signInRiskLevels: ["medium", "high"] }, false],
    ["no risk levels", { userRiskLevels: [], signInRiskLevels: [] }, true],
    ["insider risk", { insiderRiskLevels: "elevated" }, false],
    ["service principal risk", { servicePrincipalRiskLevels: ["high"] }, false],
    ["device filter in include mode", { devices: { deviceFilter: { mode: "include", rule: 'device.trustType -eq "ServerAD"' } } }, false],
    ["device filter in exclude mode", { devices: { deviceFilter: { mode: "exclude", rule: "device.isCompliant -eq True" } } }, true],
    ["device code flow", { authenticationFlows: { transferMethods: "deviceCodeFlow" } }, false],
    ["transfer methods none", { authenticationFlows: { transferMethods: "none" } }, true],
  ])("%s -> applies %s", (_what, conditions, expected) => {
    expect(applies(policy(conditions))).toBe(expected);
  });
});

describe("grant controls", () => {
  const mfa = ["pwd", "mfa"];
  const pwd = ["pwd"];
  it.each<[string, Json | null, string[], string]>([
    ["none at all", null, pwd, "satisfied"],
    ["session controls only (empty grant)", { operator: "OR", builtInControls: [] }, pwd, "satisfied"],
    ["block", { operator: "OR", builtInControls: ["block"] }, mfa, "blocked"],
    ["MFA, done", { operator: "OR", builtInControls: ["mfa"] }, mfa, "satisfied"],
    ["MFA, not done", { operator: "OR", builtInControls: ["mfa"] }, pwd, "mfa-required"],
    ["compliant device", { operator: "OR", builtInControls: ["compliantDevice"] }, mfa, "blocked"],
    ["hybrid joined device", { operator: "OR", builtInControls: ["domainJoinedDevice"] }, mfa, "blocked"],
    ["approved app", { operator: "OR", builtInControls: ["approvedApplication"] }, mfa, "blocked"],
    ["app protection", { operator: "OR", builtInControls: ["compliantApplication"] }, mfa, "blocked"],
    ["password change", { operator: "AND", builtInControls: ["mfa", "passwordChange"] }, mfa, "blocked"],
    ["terms of use", { operator: "OR", builtInControls: [], termsOfUse: ["tou-1"] }, mfa, "blocked"],
    ["a custom control", { operator: "OR", builtInControls: [], customAuthenticationFactors: ["duo"] }, mfa, "blocked"],
    ["MFA OR compliant device, MFA done", { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }, mfa, "satisfied"],
    ["MFA OR compliant device, no MFA", { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }, pwd, "mfa-required"],
    ["MFA AND compliant device", { operator: "AND", builtInControls: ["mfa", "compliantDevice"] }, mfa, "blocked"],
    ["compliant OR hybrid joined", { operator: "OR", builtInControls: ["compliantDevice", "domainJoinedDevice"] }, mfa, "blocked"],
    ["missing operator is read as AND", { builtInControls: ["mfa", "compliantDevice"] }, mfa, "blocked"],
    ["MFA strength, done", { operator: "OR", builtInControls: [], authenticationStrength: { id: AUTH_STRENGTH.mfa } }, mfa, "satisfied"],
    ["MFA strength, not done", { operator: "OR", builtInControls: [], authenticationStrength: { id: AUTH_STRENGTH.mfa } }, pwd, "mfa-required"],
    [
      "phishing-resistant strength",
      { operator: "OR", builtInControls: [], authenticationStrength: { id: AUTH_STRENGTH.phishingResistantMfa } },
      mfa,
      "blocked",
    ],
    ["passwordless strength", { operator: "OR", builtInControls: [], authenticationStrength: { id: AUTH_STRENGTH.passwordlessMfa } }, mfa, "blocked"],
    [
      "custom strength allowing password + SMS",
      { operator: "OR", authenticationStrength: { id: "custom-1", allowedCombinations: ["fido2", "password,sms"] } },
      mfa,
      "satisfied",
    ],
    ["custom strength allowing FIDO2 only", { operator: "OR", authenticationStrength: { id: "custom-2", allowedCombinations: ["fido2"] } }, mfa, "blocked"],
    [
      "phishing-resistant strength OR compliant device",
      { operator: "OR", builtInControls: ["compliantDevice"], authenticationStrength: { id: AUTH_STRENGTH.phishingResistantMfa } },
      mfa,
      "blocked",
    ],
    [
      "MFA OR phishing-resistant strength",
      { operator: "OR", builtInControls: ["mfa"], authenticationStrength: { id: AUTH_STRENGTH.phishingResistantMfa } },
      mfa,
      "satisfied",
    ],
  ])("%s -> %s", (_what, grant, amr, outcome) => {
    expect(evaluateGrantControls(grant, amr).outcome).toBe(outcome);
  });
});

describe("decision", () => {
  const mfaPolicy = { ...policy(), id: "p-mfa", grantControls: { operator: "OR", builtInControls: ["mfa"] } };
  const blockPolicy = { ...policy(), id: "p-block" };
  const devicePolicy = { ...policy(), id: "p-device", grantControls: { operator: "OR", builtInControls: ["compliantDevice"] } };
  const excluded = { ...policy(users({ includeUsers: ["All"], excludeGuestsOrExternalUsers: sp([PARTNER]) })), id: "p-excluded" };

  it("blocks on any unsatisfiable policy, listing every one, before asking for MFA", () => {
    const d = evaluateServiceProviderSignIn([mfaPolicy, blockPolicy, devicePolicy, excluded], [], signIn({ amr: ["pwd"] }));
    expect(d.kind).toBe("block");
    if (d.kind !== "block") return;
    expect(d.blocking.map((v) => v.policyId)).toEqual(["p-block", "p-device"]);
    expect(d.applied.map((v) => v.policyId)).toEqual(["p-mfa", "p-block", "p-device"]);
  });

  it("asks for MFA when that is all that is missing, and allows once it is done", () => {
    expect(evaluateServiceProviderSignIn([mfaPolicy, excluded], [], signIn({ amr: ["pwd"] })).kind).toBe("mfa-required");
    expect(evaluateServiceProviderSignIn([mfaPolicy, excluded], [], signIn()).kind).toBe("allow");
  });

  it("allows with no policies, and ignores malformed entries", () => {
    expect(evaluateServiceProviderSignIn([], [], signIn())).toEqual({ kind: "allow", applied: [] });
    expect(evaluateServiceProviderSignIn([null, "x", { state: "enabled" }], [], signIn()).kind).toBe("allow");
  });
});
