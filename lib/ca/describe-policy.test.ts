import { describe, expect, it } from "vitest";
import { describePolicy, describeText } from "./describe-policy";

const PARTNER = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const HQ = "6c3d1e56-93a7-42e7-b529-bfab6cd04a5d";

const everything = {
  id: "2b31ac51-b855-40a5-a986-0a4ed23e9008",
  displayName: "CA001: everything",
  state: "enabledForReportingButNotEnforced",
  conditions: {
    users: {
      includeUsers: ["All"],
      excludeUsers: ["GuestsOrExternalUsers", "9f1e2d3c-0000-4000-8000-000000000001"],
      includeGroups: [],
      excludeGroups: ["<ExclusionPermGroup>"],
      includeRoles: ["62e90394-69f5-4237-9190-012177145e10", "194ae4cb-b126-40b2-bd5b-6091b380977d"],
      excludeRoles: ["5d6b6bb7-de71-4623-b4af-96380a352509"],
      includeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest, serviceProvider", externalTenants: { membershipKind: "all" } },
      excludeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: "serviceProvider",
        externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [PARTNER] },
      },
    },
    applications: {
      includeApplications: ["Office365", "797f4846-ba00-4fd7-ba43-dac1f8f63013"],
      excludeApplications: ["00000002-0000-0ff1-ce00-000000000000", "12345678-0000-4000-8000-000000000000"],
      includeUserActions: ["urn:user:registersecurityinfo"],
      includeAuthenticationContextClassReferences: ["c1"],
      applicationFilter: { mode: "exclude", rule: 'CustomSecurityAttribute.Sensitivity -eq "Low"' },
    },
    clientAppTypes: ["exchangeActiveSync", "other"],
    platforms: { includePlatforms: ["all"], excludePlatforms: ["iOS", "windowsPhone"] },
    locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted", HQ, "00000000-0000-0000-0000-000000000000"] },
    devices: { deviceFilter: { mode: "include", rule: 'device.trustType -eq "ServerAD"' } },
    userRiskLevels: ["high"],
    signInRiskLevels: ["high", "medium"],
    insiderRiskLevels: "moderate,elevated",
    servicePrincipalRiskLevels: ["low"],
    authenticationFlows: { transferMethods: "deviceCodeFlow,authenticationTransfer" },
    times: { allDay: true },
  },
  grantControls: {
    operator: "AND",
    builtInControls: ["mfa", "compliantDevice"],
    customAuthenticationFactors: [],
    termsOfUse: ["7616e160-251b-4c7a-a2de-4bcc2eda5c29"],
    authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" },
  },
  sessionControls: {
    signInFrequency: { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication", type: null, value: null },
    persistentBrowser: { isEnabled: true, mode: "never" },
    applicationEnforcedRestrictions: { isEnabled: true },
    cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: "blockDownloads" },
    continuousAccessEvaluation: { mode: "strictLocation" },
    disableResilienceDefaults: true,
  },
};

describe("describePolicy", () => {
  const sections = describePolicy(everything, {
    namedLocations: { [HQ]: "Head office" },
    tenants: { [PARTNER]: "Contoso MSP" },
    termsOfUse: { "7616e160-251b-4c7a-a2de-4bcc2eda5c29": "Acceptable use" },
  });

  it("returns sections with plain-English lines for every condition and control", () => {
    expect(sections).toEqual([
      {
        section: "Policy",
        lines: ["Name: CA001: everything", "State: Report-only (enabledForReportingButNotEnforced)", "Id: 2b31ac51-b855-40a5-a986-0a4ed23e9008"],
      },
      {
        section: "Users",
        lines: [
          "Includes all users",
          "Includes directory roles: Global Administrator (62e90394-69f5-4237-9190-012177145e10), Security Administrator (194ae4cb-b126-40b2-bd5b-6091b380977d)",
          "Includes guest or external users: B2B collaboration guest users and service provider users from any external tenant",
          "Excludes all guest and external users (legacy keyword GuestsOrExternalUsers)",
          "Excludes users: 9f1e2d3c-0000-4000-8000-000000000001",
          "Excludes groups: <ExclusionPermGroup>",
          "Excludes directory roles: Security Reader (5d6b6bb7-de71-4623-b4af-96380a352509)",
          `Excludes guest or external users: service provider users from tenant Contoso MSP (${PARTNER})`,
        ],
      },
      {
        section: "Target resources",
        lines: [
          "Includes cloud apps: Office 365 (the app group), Azure management (Windows Azure Service Management API) (797f4846-ba00-4fd7-ba43-dac1f8f63013)",
          "Excludes cloud apps: Office 365 Exchange Online (00000002-0000-0ff1-ce00-000000000000), 12345678-0000-4000-8000-000000000000",
          "Applies to user actions: Register security information",
          "Applies to authentication contexts: c1",
          'Filter (exclude mode): does not apply to apps matching CustomSecurityAttribute.Sensitivity -eq "Low"',
        ],
      },
      { section: "Device platforms", lines: ["Includes platforms: any platform", "Excludes platforms: iOS, Windows Phone"] },
      {
        section: "Locations",
        lines: [
          "Includes locations: Any location",
          `Excludes locations: All trusted locations, Head office (${HQ}), MFA trusted IPs (legacy) (00000000-0000-0000-0000-000000000000)`,
        ],
      },
      { section: "Client apps", lines: ["Applies to Exchange ActiveSync clients, other clients (legacy authentication)"] },
      { section: "Risk", lines: ["User risk: high", "Sign-in risk: high, medium", "Insider risk: moderate, elevated", "Service principal risk: low"] },
      { section: "Device filter", lines: ['Filter (include mode): applies only to devices matching device.trustType -eq "ServerAD"'] },
      { section: "Authentication flows", lines: ["Applies to sign-ins that use device code flow or authentication transfer"] },
      {
        section: "Grant",
        lines: [
          "Grant access when the user satisfies all of the selected controls (AND)",
          "Built-in controls: require multifactor authentication, require the device to be marked as compliant",
          "Require authentication strength: Phishing-resistant MFA (00000000-0000-0000-0000-000000000004)",
          "Require accepting terms of use: Acceptable use (7616e160-251b-4c7a-a2de-4bcc2eda5c29)",
        ],
      },
      {
        section: "Session",
        lines: [
          "Sign-in frequency: every time (primary and secondary authentication)",
          "Persistent browser session: never persistent",
          "Use app enforced restrictions (Exchange Online and SharePoint Online)",
          "Use Conditional Access App Control (Microsoft Defender for Cloud Apps): block downloads",
          "Resilience defaults are disabled",
          "Continuous access evaluation: strict location enforcement (beta-only setting)",
        ],
      },
      { section: "Not in Graph v1.0 (kept as is)", lines: ['conditions.times: {"allDay":true}'] },
    ]);
  });

  it("says when there is no users condition and no grant controls", () => {
    const sections = describePolicy({
      displayName: "wid",
      conditions: { clientApplications: { includeServicePrincipals: ["ServicePrincipalsInMyTenant"] }, applications: { includeApplications: ["All"] } },
      grantControls: null,
    });
    expect(sections.find((s) => s.section === "Users")?.lines).toEqual([
      "No users condition: the policy targets workload identities (service principals) only",
    ]);
    expect(sections.find((s) => s.section === "Workload identities")?.lines).toEqual([
      "Includes service principals: all service principals owned by this tenant",
    ]);
    expect(sections.find((s) => s.section === "Grant")?.lines).toEqual(["No grant controls"]);
    expect(sections.find((s) => s.section === "Policy")?.lines).toContain("State: not set");
  });

  it("describes a time-based sign-in frequency, a disabled control and block", () => {
    const sections = describePolicy({
      displayName: "x",
      state: "string",
      conditions: { users: { includeUsers: ["None"] } },
      grantControls: { operator: "OR", builtInControls: ["block"] },
      sessionControls: { signInFrequency: { isEnabled: true, value: 1, type: "days" }, persistentBrowser: { isEnabled: false, mode: "always" } },
    });
    expect(sections.find((s) => s.section === "Policy")?.lines).toContain('State: "string" (not a valid state)');
    expect(sections.find((s) => s.section === "Users")?.lines).toEqual(["Includes no users (None)", "Excludes nobody"]);
    expect(sections.find((s) => s.section === "Grant")?.lines).toEqual(["Block access"]);
    expect(sections.find((s) => s.section === "Session")?.lines).toEqual([
      "Sign-in frequency: every 1 day",
      "Persistent browser session: always persistent (set, but disabled)",
    ]);
  });
});

describe("describeText", () => {
  it("renders sections as indented text", () => {
    const text = describeText({
      displayName: "p",
      state: "enabled",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] } },
    });
    expect(text).toBe(
      [
        "Policy",
        "  Name: p",
        "  State: On (enabled)",
        "",
        "Users",
        "  Includes all users",
        "  Excludes nobody",
        "",
        "Target resources",
        "  Includes cloud apps: All cloud apps",
        "",
        "Grant",
        "  No grant controls",
      ].join("\n"),
    );
  });
});
