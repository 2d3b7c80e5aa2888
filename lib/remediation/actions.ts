// What the engine can do, whom each action protects, and the requests it sends. Every decision
// about a policy is lib/ca's; this file only names the actions and builds request paths.
import type { DedicatedPolicyRef } from "../ca";
import type { RestoreTarget } from "./restore";

/**
 * - exclude-service-provider: a customer policy excludes the MSP's service-provider users (its tenant).
 * - exclude-service-account: a partner-tenant policy excludes the automation account.
 * - create/repair/enforce-service-account-policy: the account's one dedicated policy in the partner tenant.
 * - restore-before: a rollback puts back what one of the portal's runs changed (restore.ts).
 */
export const REMEDIATION_ACTIONS = [
  "exclude-service-provider",
  "exclude-service-account",
  "create-service-account-policy",
  "repair-service-account-policy",
  "enforce-service-account-policy",
  "restore-before",
] as const;
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];

export const DEDICATED_POLICY_ACTIONS = ["create-service-account-policy", "repair-service-account-policy", "enforce-service-account-policy"] as const;
export type DedicatedPolicyAction = (typeof DEDICATED_POLICY_ACTIONS)[number];

export function isDedicatedPolicyAction(action: string): action is DedicatedPolicyAction {
  return (DEDICATED_POLICY_ACTIONS as readonly string[]).includes(action);
}

/** The service account a partner-tenant action protects, and how its dedicated policy is found. */
export interface ServiceAccountSubject {
  accountObjectId: string;
  accountUpn: string;
  dedicatedPolicy: DedicatedPolicyRef;
}

/**
 * The engine's target: the action and its subject. Recorded on the run when it is previewed and
 * checked again when its job runs (the MSP's tenant or the chosen account may have changed since).
 */
export type FixTarget =
  | { action: "exclude-service-provider"; partnerTenantId: string }
  | ({ action: "exclude-service-account" } & ServiceAccountSubject)
  | ({ action: DedicatedPolicyAction } & ServiceAccountSubject)
  | RestoreTarget;

/** Who the action protects, in words (for reasons recorded in history). */
export function describeTarget(target: FixTarget): string {
  if (target.action === "exclude-service-provider") return `service-provider users from tenant ${target.partnerTenantId}`;
  if (target.action === "restore-before") return `the policies as they were before run ${target.undoesRunId}`;
  return `the service account ${target.accountUpn}`;
}

export const POLICIES_PATH = "/identity/conditionalAccess/policies";

/** A request the engine sends, as previewed and as recorded in history (the path relative to the API version, "/beta" in front when sent there). */
export interface GraphRequest {
  method: "PATCH" | "POST";
  path: string;
  body: Record<string, unknown>;
}

export function policyPath(policyId: string): string {
  return `${POLICIES_PATH}/${encodeURIComponent(policyId)}`;
}

export function patchRequest(policyId: string, body: Record<string, unknown>): GraphRequest {
  return { method: "PATCH", path: policyPath(policyId), body };
}

export function createRequest(body: Record<string, unknown>): GraphRequest {
  return { method: "POST", path: POLICIES_PATH, body };
}

/** The path recorded for a request sent through Graph's /beta instead of v1.0. */
export function betaPath(path: string): string {
  return `/beta${path}`;
}
