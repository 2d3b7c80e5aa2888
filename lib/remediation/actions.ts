// What the engine can do to a policy, and the one place that maps an action to lib/ca's planner.
// Every decision about a policy is lib/ca's; this file only dispatches and builds the request.
import { planServiceAccountExclusion, planServiceProviderExclusion, type ExclusionPlan, type PatchBody } from "../ca";

export const REMEDIATION_ACTIONS = ["exclude-service-provider", "exclude-service-account"] as const;
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];

/**
 * The action and whom it excludes: service-provider users from the partner tenant (customer
 * policies), or the partner's automation account by object id (policies in the partner tenant).
 */
export type FixTarget = { action: "exclude-service-provider"; partnerTenantId: string } | { action: "exclude-service-account"; accountObjectId: string };

export function planFor(target: FixTarget, policy: unknown): ExclusionPlan {
  switch (target.action) {
    case "exclude-service-provider":
      return planServiceProviderExclusion(policy, target.partnerTenantId);
    case "exclude-service-account":
      return planServiceAccountExclusion(policy, target.accountObjectId);
  }
}

/** Who the action protects, in words (for reasons recorded in history). */
export function describeTarget(target: FixTarget): string {
  return target.action === "exclude-service-provider"
    ? `service-provider users from tenant ${target.partnerTenantId}`
    : `the service account ${target.accountObjectId}`;
}

export interface GraphRequest {
  method: "PATCH";
  path: string;
  body: PatchBody;
}

export function policyPath(policyId: string): string {
  return `/identity/conditionalAccess/policies/${encodeURIComponent(policyId)}`;
}

export function patchRequest(policyId: string, body: PatchBody): GraphRequest {
  return { method: "PATCH", path: policyPath(policyId), body };
}
