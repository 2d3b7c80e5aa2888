// The bulk wizard's contract between the server (lib/bulk, app/bulk/actions.ts, app/api/bulk/**)
// and the browser (app/bulk/**, components/bulk/**). Plain JSON: dates are ISO strings.
import type { FixPreviewPolicy } from "../fixes/preview-view";

/** Step 2 of the wizard. */
export interface BulkOptions {
  /** The only bulk fix today: exclude the MSP's service-provider users (partner-tenant steps are separate). */
  fix: "exclude-service-provider";
  /** Plan disabled and report-only policies too (default false: enabled policies only). */
  includeDisabledAndReportOnly: boolean;
  /** Offer needs-review policies for confirmation in the preview (default false). */
  includeNeedsReview: boolean;
}

export type JobProgressStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

/** Why a tenant could not be previewed or fixed: lib/graph's readable failure. */
export interface TenantProblemView {
  problem: string;
  message: string;
}

export interface BulkPreviewTenantSummary {
  tenantId: string;
  displayName: string;
  /** pending: not read yet; done: read and planned; unreachable: could not be read (see problem). */
  status: "pending" | "done" | "unreachable";
  toChange: number;
  toSkip: number;
  needsReview: number;
  problem: TenantProblemView | null;
}

export interface BulkPreviewView {
  id: string;
  status: JobProgressStatus;
  options: BulkOptions;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** Tenants read so far out of all selected. */
  progress: { done: number; total: number };
  totals: {
    tenants: number;
    policiesToChange: number;
    policiesToSkip: number;
    policiesNeedingReview: number;
    unreachableTenants: number;
    /** problem -> count, e.g. { "gdap-inactive": 2 } */
    unreachableByProblem: Record<string, number>;
  };
  tenants: BulkPreviewTenantSummary[];
  /** The run started from this preview, once there is one. */
  runId: string | null;
}

/** One tenant's planned changes, fetched when its row is expanded. */
export interface BulkPreviewTenantDetail {
  tenantId: string;
  displayName: string;
  problem: TenantProblemView | null;
  access: { path: "delegated" | "app-only"; fallbackReason: string | null } | null;
  policies: FixPreviewPolicy[];
}

export type BulkTenantStatus = "queued" | "running" | "done" | "failed" | "cancelled";

export interface BulkRunTenantView {
  tenantId: string;
  displayName: string;
  status: BulkTenantStatus;
  applied: number;
  skipped: number;
  failed: number;
  pending: number;
  /** Why the tenant failed, or why it was not done (cancelled), in words. */
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface BulkRunView {
  id: string;
  previewId: string | null;
  status: JobProgressStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Set when someone pressed Cancel (no write starts after it). */
  cancelRequestedAt: string | null;
  cancelRequestedBy: string | null;
  ended: boolean;
  progress: { done: number; total: number };
  /** Tenants by status, e.g. { done: 12, running: 4, queued: 3, failed: 1 } */
  tenantsByStatus: Record<BulkTenantStatus, number>;
  /** Policies by result over the whole run. */
  policies: { applied: number; skipped: number; failed: number; pending: number };
  elapsedSeconds: number;
  /** null until it can be estimated, and once ended. */
  estimatedSecondsLeft: number | null;
  tenants: BulkRunTenantView[];
  /** Once ended: which tenants were not done (cancelled) or failed, in words; null when all were done. */
  summary?: string | null;
}
