// The bulk fix wizard's server side (issue 7). See README.md.
export { startBulkPreview, type StartBulkPreviewInput } from "./start-preview";
export { bulkPreviewView, bulkPreviewTenantDetail, previewTotals } from "./preview-view";
export { startBulkRun, type StartBulkRunInput } from "./start-run";
export { cancelBulkRun, type CancelResult } from "./cancel";
export { bulkRunView, bulkRunCsv } from "./run-view";
export { retryFailedTenants } from "./retry-failed";
export { recoverBulkRuns, type RecoveryReport } from "./recovery";
export { runBulkPreviewTenant } from "./preview-job";
export { runBulkTenantFix } from "./tenant-fix-job";
export { bulkJobHandlers, startRecoverySweep } from "./jobs";
export { BULK_QUEUES, pgBossQueue, queueFor, type BulkQueue, type BulkJob, type LiveJob } from "./queue";
export { BulkRefusal, type Requester } from "./errors";
export { DEFAULT_TIMING, type BulkTiming } from "./timing";
export type { BulkDeps, BulkWorkerDeps } from "./deps";
export * from "./views";
