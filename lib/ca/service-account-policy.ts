import { InvalidArgumentError } from "./errors";
import { CONDITIONAL_ACCESS_POLICY_STATES, type ConditionalAccessPolicyState } from "./graph-types";
import { APP_KEYWORD, hasKeyword, requireGuid, sameId } from "./ids";
import type { CaPolicy } from "./policy-model";
import { toPolicy } from "./read-policy";

export const DEFAULT_SERVICE_ACCOUNT_POLICY_NAME = "CIPP Service Account Conditional Access Policy";

export interface ServiceAccountPolicyOptions {
  accountId: string;
  displayName?: string;
  state?: ConditionalAccessPolicyState;
}

/** The POST body: exactly the fields Graph needs, nothing it would reject on create. */
export interface ServiceAccountPolicyBody {
  displayName: string;
  state: ConditionalAccessPolicyState;
  conditions: {
    users: { includeUsers: [string] };
    applications: { includeApplications: ["All"] };
    clientAppTypes: ["all"];
  };
  grantControls: { operator: "OR"; builtInControls: ["mfa"] };
  sessionControls: {
    signInFrequency: {
      isEnabled: true;
      frequencyInterval: "everyTime";
      authenticationType: "primaryAndSecondaryAuthentication";
    };
  };
}

/**
 * The MSP-tenant policy that makes the service account do MFA at every sign-in to every cloud app
 * (docs/graph-contract.md §8). Report-only by default, so creating it never locks the account out.
 */
export function buildServiceAccountPolicy(options: ServiceAccountPolicyOptions): ServiceAccountPolicyBody {
  const accountId = requireGuid(options.accountId, "accountId");
  const displayName = (options.displayName ?? DEFAULT_SERVICE_ACCOUNT_POLICY_NAME).trim();
  if (displayName === "") throw new InvalidArgumentError("displayName", "must not be empty");
  const state = options.state ?? "enabledForReportingButNotEnforced";
  if (!(CONDITIONAL_ACCESS_POLICY_STATES as readonly string[]).includes(state)) {
    throw new InvalidArgumentError("state", `expected one of ${CONDITIONAL_ACCESS_POLICY_STATES.join(", ")}, got ${JSON.stringify(state)}`);
  }
  return {
    displayName,
    state,
    conditions: {
      users: { includeUsers: [accountId] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
    sessionControls: {
      signInFrequency: {
        isEnabled: true,
        frequencyInterval: "everyTime",
        authenticationType: "primaryAndSecondaryAuthentication",
      },
    },
  };
}

/**
 * How a live policy differs from the service-account policy it should be, one sentence per
 * difference (empty when it matches). displayName and state are compared only when given, because an
 * operator may rename the policy or switch it from report-only to on after review.
 */
export function serviceAccountPolicyDrift(livePolicy: unknown, expected: ServiceAccountPolicyOptions): string[] {
  const policy: CaPolicy = toPolicy(livePolicy);
  const accountId = requireGuid(expected.accountId, "accountId");
  const drift: string[] = [];
  if (expected.displayName !== undefined && policy.displayName !== expected.displayName) {
    drift.push(`The name is ${quote(policy.displayName)} instead of ${quote(expected.displayName)}.`);
  }
  if (expected.state !== undefined && policy.state !== expected.state) {
    drift.push(`The state is ${quote(policy.state)} instead of ${quote(expected.state)}.`);
  }

  const { users, applications, clientAppTypes } = policy.conditions;
  const only = users?.includeUsers.length === 1 ? users.includeUsers[0] : undefined;
  if (!users || only === undefined || !sameId(only, accountId)) {
    drift.push(`It should include only the service account ${accountId}; includeUsers is ${list(users?.includeUsers ?? [])}.`);
  }
  if (users) {
    if (users.includeGroups.length > 0) drift.push(`It also includes groups: ${users.includeGroups.join(", ")}.`);
    if (users.includeRoles.length > 0) drift.push(`It also includes directory roles: ${users.includeRoles.join(", ")}.`);
    if (users.includeGuestsOrExternalUsers) drift.push("It also includes guest or external users.");
    const exclusions = [...users.excludeUsers, ...users.excludeGroups, ...users.excludeRoles];
    if (exclusions.length > 0 || users.excludeGuestsOrExternalUsers) {
      drift.push(`It has exclusions (${exclusions.length > 0 ? exclusions.join(", ") : "guest or external users"}); it should have none.`);
    }
  }
  const apps = applications?.includeApplications ?? [];
  if (!(apps.length === 1 && hasKeyword(apps, APP_KEYWORD.all))) drift.push(`It should target all cloud apps; includeApplications is ${list(apps)}.`);
  if (applications && applications.excludeApplications.length > 0) {
    drift.push(`It excludes applications: ${applications.excludeApplications.join(", ")}.`);
  }
  if (applications && (applications.includeUserActions.length > 0 || applications.includeAuthenticationContextClassReferences.length > 0)) {
    drift.push("It targets user actions or authentication contexts instead of all cloud apps.");
  }
  if (applications?.applicationFilter) drift.push("It has an application filter.");
  // Graph fills an omitted clientAppTypes with ["all"], so an empty list means the same.
  if (!(clientAppTypes.length === 0 || (clientAppTypes.length === 1 && clientAppTypes[0] === "all"))) {
    drift.push(`It should apply to all client app types; clientAppTypes is ${list(clientAppTypes)}.`);
  }
  const c = policy.conditions;
  const extraConditions = [
    c.locations && (c.locations.includeLocations.length > 0 || c.locations.excludeLocations.length > 0) ? "locations" : null,
    c.platforms && (c.platforms.includePlatforms.length > 0 || c.platforms.excludePlatforms.length > 0) ? "device platforms" : null,
    c.devices?.deviceFilter ? "a device filter" : null,
    c.userRiskLevels.length > 0 ? "user risk" : null,
    c.signInRiskLevels.length > 0 ? "sign-in risk" : null,
    c.servicePrincipalRiskLevels.length > 0 ? "service principal risk" : null,
    c.insiderRiskLevels.length > 0 ? "insider risk" : null,
    c.authenticationFlows && c.authenticationFlows.transferMethods.length > 0 ? "authentication flows" : null,
    c.clientApplications ? "workload identities" : null,
  ].filter((item): item is string => item !== null);
  if (extraConditions.length > 0) drift.push(`It has extra conditions that narrow it: ${extraConditions.join(", ")}.`);

  const grant = policy.grantControls;
  const controls = grant?.builtInControls ?? [];
  if (!(controls.length === 1 && controls[0] === "mfa")) drift.push(`It should require multifactor authentication only; builtInControls is ${list(controls)}.`);
  if (grant?.authenticationStrength) drift.push("It requires an authentication strength instead of the built-in MFA control.");
  if (grant && (grant.termsOfUse.length > 0 || grant.customAuthenticationFactors.length > 0)) drift.push("It also requires terms of use or custom controls.");

  const frequency = policy.sessionControls?.signInFrequency;
  if (
    !frequency ||
    frequency.isEnabled !== true ||
    frequency.frequencyInterval !== "everyTime" ||
    frequency.authenticationType !== "primaryAndSecondaryAuthentication"
  ) {
    drift.push("Sign-in frequency should be every time (primary and secondary authentication).");
  }
  return drift;
}

function quote(value: string | null): string {
  return value === null ? "not set" : JSON.stringify(value);
}

function list(values: readonly string[]): string {
  return values.length === 0 ? "empty" : `[${values.join(", ")}]`;
}
