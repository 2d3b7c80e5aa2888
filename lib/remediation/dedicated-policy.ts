// The engine's plans for the service account's dedicated policy in the partner tenant: create it
// (report-only), repair its drift, enforce it. Pure: lib/ca builds the policy, measures the drift
// and finds the policy; this file turns that into the request and the words a person confirms.
import { buildServiceAccountPolicy, dedicatedPolicyRepairBody, describePolicy, findDedicatedPolicy, SECTION, serviceAccountPolicyDrift, toPolicy } from "../ca";
import { GraphFailure, type GraphPolicy } from "../graph/tenant-graph-contract";
import { createRequest, patchRequest, type DedicatedPolicyAction, type ServiceAccountSubject } from "./actions";
import type { PlannedItem } from "./plan";

/** What a dedicated-policy action would do to the live tenant. */
export const DEDICATED_OUTCOMES = ["create", "exists", "repair", "no-drift", "enforce", "already-enforced", "missing"] as const;
export type DedicatedOutcome = (typeof DEDICATED_OUTCOMES)[number];

export type DedicatedTarget = { action: DedicatedPolicyAction } & ServiceAccountSubject;

/** The live dedicated policy among the tenant's policies, or null when there is none. */
export function liveDedicatedPolicy(target: ServiceAccountSubject, policies: readonly GraphPolicy[]): GraphPolicy | null {
  return findDedicatedPolicy(policies, target.dedicatedPolicy)?.policy ?? null;
}

function drift(target: ServiceAccountSubject, live: GraphPolicy): string[] {
  return serviceAccountPolicyDrift(live, { accountId: target.accountObjectId });
}

/** The plan for one dedicated-policy action against the live policy (null: the tenant has none). */
export function planDedicated(target: DedicatedTarget, live: GraphPolicy | null): PlannedItem {
  const none = (outcome: DedicatedOutcome, reason: string, warnings: string[] = []): PlannedItem => ({
    outcome,
    reason,
    warnings,
    request: null,
    requiresConfirmation: false,
  });
  switch (target.action) {
    case "create-service-account-policy": {
      if (live) {
        const differs = drift(target, live);
        return none(
          "exists",
          differs.length === 0
            ? `The dedicated policy "${live.displayName}" exists already and has the expected shape; nothing is created.`
            : `The dedicated policy "${live.displayName}" exists already; nothing is created. It differs from the expected shape: repair it instead.`,
          differs,
        );
      }
      // Report-only first, so creating it can never lock the account out; enforcing is a later, separate step.
      const body = buildServiceAccountPolicy({
        accountId: target.accountObjectId,
        displayName: target.dedicatedPolicy.dedicatedPolicyName,
        state: "enabledForReportingButNotEnforced",
      });
      return {
        outcome: "create",
        reason: `Creates the dedicated policy for the service account ${target.accountUpn}: MFA at every sign-in to every cloud app, report-only (nobody is blocked until it is enforced).`,
        warnings: [],
        request: createRequest({ ...body }),
        requiresConfirmation: false,
      };
    }
    case "repair-service-account-policy": {
      if (!live) return none("missing", "There is no dedicated policy to repair: create it first.");
      const differs = drift(target, live);
      if (differs.length === 0) return none("no-drift", "The dedicated policy already has the expected shape; nothing is sent.");
      return {
        outcome: "repair",
        reason: `Restores the dedicated policy's expected shape: ${differs.join(" ")}`,
        warnings: [],
        request: patchRequest(live.id, dedicatedPolicyRepairBody(live, target.accountObjectId)),
        requiresConfirmation: false,
      };
    }
    case "enforce-service-account-policy": {
      if (!live) return none("missing", "There is no dedicated policy to enforce: create it first.");
      if (live.state === "enabled") return none("already-enforced", "The dedicated policy is already enforced; nothing is sent.");
      return {
        outcome: "enforce",
        reason: `Enforces the dedicated policy (state "${live.state}" -> "enabled").`,
        warnings: enforceWarnings(target, live),
        request: patchRequest(live.id, { state: "enabled" }),
        requiresConfirmation: false,
      };
    }
  }
}

/**
 * What enforcing changes and whom it could lock out, in plain words: the step that can lock the
 * automation account out of every customer if its sign-ins do not pass MFA.
 */
export function enforceWarnings(target: ServiceAccountSubject, live: GraphPolicy): string[] {
  const warnings = [
    `From the moment it is enforced, every sign-in of ${target.accountUpn} to any cloud app must pass multifactor authentication, every time: no remembered sign-in.`,
    `Anything that signs in as ${target.accountUpn} without completing MFA (a script with its password, a token issued before) is blocked, and with it the portal's delegated access to every customer. Check the policy's report-only results in the sign-in logs first.`,
  ];
  const others = othersCovered(target, live);
  if (others.length > 0) warnings.push(`It also applies to more than the service account, who would be held to the same rule: ${others.join("; ")}.`);
  const differs = drift(target, live);
  if (differs.length > 0) warnings.push(`It still differs from the expected shape (repair it first): ${differs.join(" ")}`);
  return warnings;
}

/** Who besides the account the policy's users condition reaches, in lib/ca's words. */
function othersCovered(target: ServiceAccountSubject, live: GraphPolicy): string[] {
  let users;
  try {
    users = toPolicy(live).conditions.users;
  } catch {
    return ["(its users condition could not be read)"];
  }
  if (users === null) return [];
  const reachesOthers =
    users.includeUsers.some((id) => id !== target.accountObjectId) ||
    users.includeGroups.length > 0 ||
    users.includeRoles.length > 0 ||
    users.includeGuestsOrExternalUsers !== null;
  if (!reachesOthers) return [];
  const names = { directoryObjects: { [target.accountObjectId]: `${target.accountUpn} (the service account)` } };
  const section = describePolicy(live, names).find((s) => s.section === SECTION.users);
  return (section?.lines ?? []).filter((line) => !/^Excludes/i.test(line));
}

/** Does the live policy show what the action set? */
export function dedicatedShowsChange(target: DedicatedTarget, live: GraphPolicy): boolean {
  try {
    return target.action === "enforce-service-account-policy" ? live.state === "enabled" : drift(target, live).length === 0;
  } catch {
    return false;
  }
}

/** What the result says when the /beta retry was used. */
export const BETA_RETRY_NOTE = "Graph v1.0 refused sign-in frequency 'every time' for all cloud apps";

/**
 * Graph v1.0's reported refusal: a 400 naming `everyTime` as not supported in this API version.
 * Only that refusal is retried on /beta; any other 400 (e.g. everyTime with a period) is a real error.
 * Observed: microsoftgraph/msgraph-metadata issue #647 (2024) reports v1.0 answering 400 to everyTime and
 * pointing to beta, although v1.0's metadata lists it (docs/graph-contract.md, section 4.7).
 */
export function isEveryTimeRefusal(error: unknown): boolean {
  if (!(error instanceof GraphFailure) || error.detail.status !== 400) return false;
  const text = `${error.detail.graphMessage ?? ""} ${error.message}`;
  return /everyTime/i.test(text) && /(api version|beta|not supported)/i.test(text);
}

/** The sentence for a refused enforcement while security defaults are on. */
export const SECURITY_DEFAULTS_EXPLANATION =
  "Security defaults are on in the partner tenant, and Graph refuses to enforce any Conditional Access policy while they are. " +
  "Turn security defaults off first (Microsoft Entra admin center: Overview, Properties, Manage security defaults), once your Conditional Access policies give the protection they gave. " +
  "The dedicated policy stays as it was.";
