// The remediation engine: one flow (preview -> apply -> verify -> history) for every action and
// every entrance. Runs around it (who asked, which tenants, the status machine) are lib/runs'.
export {
  REMEDIATION_ACTIONS,
  DEDICATED_POLICY_ACTIONS,
  isDedicatedPolicyAction,
  describeTarget,
  policyPath,
  patchRequest,
  createRequest,
  betaPath,
  POLICIES_PATH,
} from "./actions";
export type { DedicatedPolicyAction, FixTarget, GraphRequest, RemediationAction, ServiceAccountSubject } from "./actions";
export { planItem, planFor, type PlannedItem, type ExclusionTarget } from "./plan";
export { previewTenant, previewOfPolicies, previewPolicy, itemsFromPreview, type PolicyScope, type PreviewOptions } from "./preview";
export { applyItem, applyItems, fixTarget, graphRequest, policyPreview, remediationAction, tenantPreview } from "./items";
export type { ApplyItem, PolicyPreview, TenantPreview } from "./items";
export { applyTenantFix, LOCK_LOST, RunNotRunningError } from "./apply";
export type { ApplyItemResult, ApplyOptions, ApplyResult, Verification } from "./apply";
export { reconcilePending, reconcileLocked, RECONCILED_APPLIED, RECONCILED_FAILED, type ReconcileResult } from "./reconcile";
export { TenantBusyError, withTenantLock, TENANT_LOCK_NAMESPACE } from "./lock";
export { itemFingerprint, fingerprintChanges, parseFingerprint, canonicalJson } from "./fingerprint";
export { showsChange, showsRequestedChange } from "./verify";
export {
  BETA_RETRY_NOTE,
  DEDICATED_OUTCOMES,
  SECURITY_DEFAULTS_EXPLANATION,
  enforceWarnings,
  isEveryTimeRefusal,
  liveDedicatedPolicy,
  planDedicated,
  type DedicatedOutcome,
} from "./dedicated-policy";
export { errorText, writeOutcomeIsUncertain } from "./history";
