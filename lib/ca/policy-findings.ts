// The rules Microsoft's "Conditional Access: Conditions" page states, as findings on a policy (and one on
// a tenant's set of policies). Each finding quotes the rule it comes from, so a person can check it.
// Source: learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-conditions
// (MicrosoftDocs/entra-docs, docs/identity/conditional-access/concept-conditional-access-conditions.md);
// quoted in docs/conditions-rules.md.
import type { CaPolicy } from "./policy-model";
import { toPolicy } from "./read-policy";

export const FINDING_IDS = [
  "device-state-deprecated",
  "device-state-with-filter",
  "mac-linux-app-grant",
  "legacy-clients-blocked",
  "eas-everyone",
  "eas-other-apps",
  "risk-needs-p2",
  "insider-risk-needs-purview",
  "authentication-flows-preview",
] as const;
export type FindingId = (typeof FINDING_IDS)[number] | "no-unsupported-platform-block";

export interface Finding {
  id: FindingId;
  /** What is wrong with this policy, in words. */
  text: string;
  /** The rule, quoted from the conditions page. */
  rule: string;
}

/** What the portal knows of the tenant's licences; null when it has not read them. */
export interface TenantLicenceFacts {
  /** Microsoft Entra ID P2 (ID Protection), needed for user and sign-in risk. */
  entraP2: boolean | null;
  /** Purview insider risk management with adaptive protection, needed for insider risk. */
  insiderRisk: boolean | null;
}

const EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000";
const LEGACY_CLIENTS = new Set(["exchangeActiveSync", "easSupported", "other"]);
const EAS_CLIENTS = new Set(["exchangeActiveSync", "easSupported"]);
const APP_GRANTS = new Set(["approvedApplication", "compliantApplication"]);
/** Grants a legacy client cannot satisfy: it "doesn't support MFA and doesn't pass device state information". */
const LEGACY_UNSATISFIABLE = new Set(["mfa", "compliantDevice", "domainJoinedDevice"]);
const SUPPORTED_PLATFORMS = ["android", "iOS", "windows", "macOS", "linux"] as const;

const RULES = {
  deviceState:
    "“Device state (deprecated): This feature has been deprecated. Customers should use the Filter for devices condition in the Conditional Access policy, to satisfy scenarios previously achieved using the device state condition.”",
  deviceStateWithFilter: "“Device state and filters for devices cannot be used together in Conditional Access policy.”",
  macLinux:
    "“We don't support selecting macOS or Linux device platforms when selecting Require approved client app or Require app protection policy as the only grant controls or when you choose Require all the selected controls.”",
  legacy:
    "“Sign-ins from legacy authentication clients don’t support multifactor authentication (MFA) and don’t pass device state information, so they are blocked by Conditional Access grant controls, like requiring MFA or compliant devices.”",
  easEveryone:
    "“Administrators can only select Exchange ActiveSync clients when assigning policy to users or groups. Selecting All users, All guest and external users, or Directory roles causes all users to be subject of the policy.”",
  easApps:
    "“When administrators create a policy assigned to Exchange ActiveSync clients, Exchange Online should be the only cloud application assigned to the policy.”",
  risk: "“Administrators with access to Identity Protection, can evaluate sign-in risk [and user risk] as part of a Conditional Access policy.” Identity Protection needs Microsoft Entra ID P2.",
  insiderRisk: "Insider risk as a condition needs Microsoft Purview insider risk management with Adaptive Protection.",
  flows: "Authentication flows (device code flow, authentication transfer) is a Conditional Access condition Microsoft marks as a preview feature.",
  unsupportedPlatforms:
    "“Microsoft recommends that you have a Conditional Access policy for unsupported device platforms. … configure a policy with a Device platforms condition that includes any device and excludes supported device platforms and Grant control set to Block access.”",
} as const;

function rawDeviceStates(policy: CaPolicy): boolean {
  const devices = (policy.raw.conditions as { devices?: { includeDeviceStates?: unknown; excludeDeviceStates?: unknown } | null } | undefined)?.devices;
  const listed = (v: unknown) => Array.isArray(v) && v.length > 0;
  return !!devices && (listed(devices.includeDeviceStates) || listed(devices.excludeDeviceStates));
}

/** Whether the platforms condition can reach macOS or Linux: not configured means every platform. */
function reachesMacOrLinux(policy: CaPolicy): boolean {
  const p = policy.conditions.platforms;
  if (!p || p.includePlatforms.length === 0) return false; // the rule is about selecting them
  const included = (name: string) => p.includePlatforms.includes("all") || p.includePlatforms.includes(name);
  return ["macOS", "linux"].some((name) => included(name) && !p.excludePlatforms.includes(name));
}

export function policyFindings(input: unknown, licences: TenantLicenceFacts = { entraP2: null, insiderRisk: null }): Finding[] {
  const policy = toPolicy(input);
  const c = policy.conditions;
  const grants = policy.grantControls?.builtInControls ?? [];
  const findings: Finding[] = [];

  if (rawDeviceStates(policy)) {
    findings.push({
      id: "device-state-deprecated",
      text: "Uses the deprecated device state condition; use a filter for devices instead.",
      rule: RULES.deviceState,
    });
    if (c.devices?.deviceFilter?.rule) {
      findings.push({
        id: "device-state-with-filter",
        text: "Combines device state with a filter for devices, which cannot be used together.",
        rule: RULES.deviceStateWithFilter,
      });
    }
  }

  const appGrants = grants.filter((g) => APP_GRANTS.has(g));
  const onlyAppGrants = grants.length > 0 && appGrants.length === grants.length && !policy.grantControls?.authenticationStrength;
  const requireAll = (policy.grantControls?.operator ?? "OR").toUpperCase() === "AND" && grants.length > 1;
  if (appGrants.length > 0 && (onlyAppGrants || requireAll) && reachesMacOrLinux(policy)) {
    findings.push({
      id: "mac-linux-app-grant",
      text: "Selects macOS or Linux with “require approved client app” or “require app protection policy”, which Microsoft does not support there.",
      rule: RULES.macLinux,
    });
  }

  const legacy = c.clientAppTypes.filter((t) => LEGACY_CLIENTS.has(t));
  const unsatisfiable = grants.filter((g) => LEGACY_UNSATISFIABLE.has(g));
  if (legacy.length > 0 && !grants.includes("block") && (unsatisfiable.length > 0 || policy.grantControls?.authenticationStrength)) {
    findings.push({
      id: "legacy-clients-blocked",
      text: `Applies to legacy authentication clients (${legacy.join(", ")}) and requires what they cannot do (${[...unsatisfiable, ...(policy.grantControls?.authenticationStrength ? ["an authentication strength"] : [])].join(", ")}): in effect it blocks these clients.`,
      rule: RULES.legacy,
    });
  }

  // The page's Exchange ActiveSync rules are about a policy assigned to those clients; a policy that also
  // names other clients (Microsoft's own "block legacy authentication" template: EAS and other, all apps) is not one.
  if (c.clientAppTypes.length > 0 && c.clientAppTypes.every((t) => EAS_CLIENTS.has(t))) {
    const u = c.users;
    // With All users everyone is subject anyway; with guests or roles, more people are than the policy says.
    const widened = !!u && (u.includeUsers.includes("GuestsOrExternalUsers") || u.includeGuestsOrExternalUsers !== null || u.includeRoles.length > 0);
    if (widened) {
      findings.push({
        id: "eas-everyone",
        text: "Targets Exchange ActiveSync clients for guests or directory roles: every user becomes subject to it, not only those.",
        rule: RULES.easEveryone,
      });
    }
    const apps = c.applications?.includeApplications ?? [];
    if (!(apps.length === 1 && apps[0]!.toLowerCase() === EXCHANGE_ONLINE)) {
      findings.push({
        id: "eas-other-apps",
        text: "Targets Exchange ActiveSync clients with cloud apps other than Exchange Online alone.",
        rule: RULES.easApps,
      });
    }
  }

  if ((c.userRiskLevels.length > 0 || c.signInRiskLevels.length > 0) && licences.entraP2 === false) {
    findings.push({
      id: "risk-needs-p2",
      text: "Uses user or sign-in risk, but the tenant has no Microsoft Entra ID P2: the condition has no risk to act on.",
      rule: RULES.risk,
    });
  }
  if (c.insiderRiskLevels.length > 0 && licences.insiderRisk === false) {
    findings.push({
      id: "insider-risk-needs-purview",
      text: "Uses insider risk, but the tenant has no Purview insider risk management with Adaptive Protection.",
      rule: RULES.insiderRisk,
    });
  }
  if (c.authenticationFlows && c.authenticationFlows.transferMethods.length > 0) {
    findings.push({ id: "authentication-flows-preview", text: "Uses the authentication flows condition, a preview feature.", rule: RULES.flows });
  }
  return findings;
}

/**
 * The tenant-wide recommendation: some enabled policy blocks every platform but the supported ones.
 * Returns the finding when none does.
 */
export function tenantFindings(inputs: readonly unknown[]): Finding[] {
  // A policy that cannot be read blocks nothing the portal can vouch for; its page says why.
  const readable = inputs.flatMap((input) => {
    try {
      return [toPolicy(input)];
    } catch {
      return [];
    }
  });
  const blocksUnsupported = readable.some((p) => {
    const platforms = p.conditions.platforms;
    return (
      p.state === "enabled" &&
      (p.grantControls?.builtInControls ?? []).includes("block") &&
      !!platforms &&
      platforms.includePlatforms.includes("all") &&
      SUPPORTED_PLATFORMS.every((name) => platforms.excludePlatforms.includes(name))
    );
  });
  return blocksUnsupported
    ? []
    : [
        {
          id: "no-unsupported-platform-block",
          text: "No enabled policy blocks unsupported device platforms (such as ChromeOS).",
          rule: RULES.unsupportedPlatforms,
        },
      ];
}
