// The remediation engine: one flow (preview -> apply -> verify -> history) for every entrance.
export { REMEDIATION_ACTIONS, planFor, patchRequest, policyPath, describeTarget } from "./actions";
export type { FixTarget, GraphRequest, RemediationAction } from "./actions";
export { previewTenant, previewPolicy, targetOf } from "./preview";
export type { PolicyPreview, PreviewOptions, TargetOptions, TenantPreview, UsersChange } from "./preview";
export { applyTenantFix } from "./apply";
export { runTenantFix, itemsFromPreview } from "./fix";
export type { TenantFixRequest } from "./fix";
export type { ApplyItem, ApplyItemResult, ApplyOptions, ApplyResult, Verification } from "./apply";
export {
  RUN_KINDS,
  RECONCILED_APPLIED,
  RECONCILED_FAILED,
  RunStateError,
  createRun,
  startRun,
  endRun,
  completeRun,
  failRun,
  cancelRun,
  reconcilePending,
  reconcileLocked,
} from "./runs";
export type { CreateRunInput, ReconcileOptions, ReconcileResult, RunKind } from "./runs";
export { TenantBusyError, withTenantLock, TENANT_LOCK_NAMESPACE } from "./lock";
export { policyFingerprint, fingerprintChanges, parseFingerprint } from "./fingerprint";
export { showsRequestedChange } from "./verify";
