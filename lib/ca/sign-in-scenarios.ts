// Sign-in scenarios: the GDAP sign-ins an MSP cares about, in the shape Graph's What If evaluation
// takes (`POST /identity/conditionalAccess/evaluate`:
// https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate). The identity is always the
// partner's service provider (`userSignIn` with `externalTenantId` and `externalUserType:
// serviceProvider`, https://learn.microsoft.com/graph/api/resources/usersignin): Entra's What If tool
// has no per-technician identity for GDAP sign-ins, so technician and automation account differ by
// the apps, client and device they use.
import { requireGuid } from "./ids";

export const SCENARIO_USER_KINDS = ["technician", "automation-account"] as const;
export type ScenarioUserKind = (typeof SCENARIO_USER_KINDS)[number];

/** signInConditions.clientAppType values a GDAP sign-in can have (https://learn.microsoft.com/graph/api/resources/signinconditions). */
export const SCENARIO_CLIENT_APP_TYPES = ["browser", "mobileAppsAndDesktopClients"] as const;
export type ScenarioClientAppType = (typeof SCENARIO_CLIENT_APP_TYPES)[number];

/** signInConditions.devicePlatform values (conditionalAccessDevicePlatform, same page). */
export const SCENARIO_DEVICE_PLATFORMS = ["windows", "macOS", "linux", "iOS", "android"] as const;
export type ScenarioDevicePlatform = (typeof SCENARIO_DEVICE_PLATFORMS)[number];

export interface SignInScenario {
  /** Stable short name (letters, digits, dashes), unique in the set. */
  key: string;
  /** In words, as the MSP says it. */
  name: string;
  userKind: ScenarioUserKind;
  /** Cloud apps (resource app ids) the sign-in reaches: applicationContext.includeApplications. */
  applicationIds: string[];
  clientAppType: ScenarioClientAppType;
  /** null: unknown (a server's token request has no user agent). */
  devicePlatform: ScenarioDevicePlatform | null;
  /** Where the MSP signs in from; null when not given (location conditions then only match "All"). */
  ipAddress: string | null;
  /** Two-letter country code (ISO 3166-1 alpha-2), or null. */
  country: string | null;
}

/** Application ids from Microsoft's documentation. */
export const SCENARIO_APP = {
  /**
   * Windows Azure Service Management API: the Azure portal and the Microsoft Entra admin center
   * ("Conditional Access: Target resources", https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps).
   */
  azureManagement: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  /** Microsoft Graph (https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in). */
  microsoftGraph: "00000003-0000-0000-c000-000000000000",
} as const;

/**
 * App groups a policy can name instead of ids, and which of the scenario apps each covers:
 * "Microsoft Admin Portals" covers the Azure portal and the Entra admin center (same page, "Microsoft
 * Admin Portals"); the Office 365 group is taken to cover Microsoft Graph, as the local cloud's
 * sign-in evaluation does (emulator/login/README.md).
 */
export const APP_GROUPS: Readonly<Record<string, readonly string[]>> = {
  MicrosoftAdminPortals: [SCENARIO_APP.azureManagement],
  Office365: [SCENARIO_APP.microsoftGraph],
};

/** The set every new portal starts with; admins edit it in Settings. */
export const DEFAULT_SCENARIOS: readonly SignInScenario[] = [
  {
    key: "technician-admin-portals",
    name: "technician, Microsoft admin portals, browser, Windows",
    userKind: "technician",
    applicationIds: [SCENARIO_APP.azureManagement],
    clientAppType: "browser",
    devicePlatform: "windows",
    ipAddress: "203.0.113.10", // RFC 5737 documentation range: the MSP's office, which admins set to their own
    country: null,
  },
  {
    key: "automation-graph",
    name: "automation account, Microsoft Graph, app or desktop client",
    userKind: "automation-account",
    applicationIds: [SCENARIO_APP.microsoftGraph],
    clientAppType: "mobileAppsAndDesktopClients",
    devicePlatform: null,
    ipAddress: null,
    country: null,
  },
];

/** The request body for Graph's evaluate: the partner's service provider signing in as the scenario says. */
export function evaluateRequestBody(scenario: SignInScenario, partnerTenantId: string): Record<string, unknown> {
  const conditions: Record<string, unknown> = { clientAppType: scenario.clientAppType };
  if (scenario.devicePlatform) conditions.devicePlatform = scenario.devicePlatform;
  if (scenario.ipAddress) conditions.ipAddress = scenario.ipAddress;
  if (scenario.country) conditions.country = scenario.country;
  return {
    signInIdentity: {
      "@odata.type": "#microsoft.graph.userSignIn",
      externalTenantId: requireGuid(partnerTenantId, "partnerTenantId"),
      externalUserType: "serviceProvider",
    },
    signInContext: { "@odata.type": "#microsoft.graph.applicationContext", includeApplications: [...scenario.applicationIds] },
    signInConditions: conditions,
    appliedPoliciesOnly: false,
  };
}
