// The bulk wizard's server side: its options, its preview over many tenants, and who may confirm
// it. Everything after the preview (confirm, the jobs, cancel, retry, the views) is lib/runs'.
export { startBulkPreview } from "./start";
export { bulkOptions, bulkOptionsOf, confirmedNeedsReview, runOptionsOf, tenantIds, type BulkOptions } from "./options";
export { roleForConfirm, roleForRun } from "./run-role";
