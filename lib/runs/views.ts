// The run service's contract with the browser (app/api/runs/**, the dialogs and pages that follow a
// run). Plain JSON: dates are ISO strings. Computed on the server from the stored engine-level
// items when read (preview-view.ts, run-view.ts); nothing here is stored.
import type { DescriptionSection } from "../ca";
import type { RunStatus, RunTenantStatus } from "./status";
import type { RunOptions } from "./options";

/** A previewed tenant's `problem` when its GDAP roles cannot write CA: read and planned, left out of the run (read-only-gdap.ts). */
export const READ_ONLY_GDAP = "read-only-gdap";
/** Its type, for the browser's code (which takes only types from lib/): a constant of this type cannot drift from it. */
export type ReadOnlyGdapProblem = typeof READ_ONLY_GDAP;

/** One previewed policy (or, for a create, the policy to be), as a person reads it. */
export interface PolicyPreviewView {
  /** Unique within its preview: the policy id, or "new-policy" for a create. */
  key: string;
  policyId: string | null;
  name: string;
  state: string | null;
  /** lib/ca's outcome, a dedicated-policy outcome, or "unreadable". */
  outcome: string;
  reason: string;
  warnings: string[];
  users: {
    before: unknown;
    after: unknown;
    /** Properties of conditions.users the request changes. */
    changed: string[];
    describedBefore: string[];
    describedAfter: string[];
  };
  /** The whole policy in words, before and after, for the dedicated policy's actions (null for an exclusion). */
  policy: { describedBefore: DescriptionSection[] | null; describedAfter: DescriptionSection[] | null } | null;
  /** The exact request the engine would send; null when nothing would be sent. */
  request: { method: "PATCH" | "POST"; path: string; body: unknown } | null;
  requiresConfirmation: boolean;
}

/** One tenant's preview: what a dialog shows before Confirm. */
export interface TenantPreviewView {
  runId: string;
  tenantId: string;
  displayName: string;
  action: string;
  /** How the portal reached the tenant for this preview, and why when it is the fallback. */
  access: { path: "delegated" | "app-only"; fallbackReason: string | null } | null;
  /** Why the tenant could not be read, when it could not. */
  problem: TenantProblemView | null;
  policies: PolicyPreviewView[];
  /** Requested policies the tenant no longer has. */
  missing: string[];
  /** Policies left out on purpose, and why. */
  leftOut: { policyId: string; name: string; reason: string }[];
  /** Confirming needs a ticket reference (Settings). */
  ticketRequired: boolean;
}

/** Why a tenant could not be previewed or changed: lib/graph's readable failure. */
export interface TenantProblemView {
  problem: string;
  message: string;
}

export interface PreviewTenantSummary {
  tenantId: string;
  displayName: string;
  /** reading: not read yet; previewed: read and planned; unreachable: could not be read (see problem); later states once confirmed. */
  status: RunTenantStatus;
  toChange: number;
  toSkip: number;
  needsReview: number;
  problem: TenantProblemView | null;
  /** Once confirmed: the changes chosen for this tenant (its needs-review policies only if ticked); null before. */
  chosen: number | null;
}

/** A run as its preview: progress of the reads, totals, one summary row per tenant. */
export interface RunPreviewView {
  id: string;
  kind: string;
  action: string;
  status: RunStatus;
  statusText: string;
  options: RunOptions;
  requestedBy: string;
  createdAt: string;
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
    /** Read and planned, but left out of the run: GDAP roles that cannot write CA (problem "read-only-gdap"). */
    leftOutTenants: number;
  };
  tenants: PreviewTenantSummary[];
  /** Confirming needs a ticket reference (Settings). */
  ticketRequired: boolean;
  /** A person confirmed it (it is a run in progress or ended now; follow it on its run view). */
  confirmed: boolean;
}

export interface RunTenantView {
  tenantId: string;
  displayName: string;
  status: RunTenantStatus;
  applied: number;
  skipped: number;
  failed: number;
  pending: number;
  /** Why the tenant failed, or why it was not done (cancelled), in words. */
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One history row of the run (for the dialogs that show each policy's result in place). */
export interface RunChangeView {
  id: string;
  tenantId: string;
  policyId: string | null;
  policyName: string;
  result: string;
  reason: string;
  error: string | null;
  graphStatus: number | null;
  /** "PATCH /identity/…" ("/beta/…" when it went there), or null when nothing was sent. */
  request: string | null;
  /** For a create: the id Graph gave the new policy. */
  createdPolicyId: string | null;
  /** Why the request went to Graph's /beta rather than v1.0 (the engine's one retry), or null when it went to v1.0. */
  betaNote: string | null;
}

export type RunTenantProgressStatus = Extract<RunTenantStatus, "queued" | "running" | "succeeded" | "failed" | "cancelled">;

/** Four-eyes (approval.ts): why the run needs a second person and what became of it. */
export interface RunApprovalView {
  reason: string;
  requestedAt: string;
  /** When the approval expires (the run then ends cancelled). */
  expiresAt: string;
  /** When Approve becomes active (Settings can make the approver wait). */
  opensAt: string;
  decision: "approved" | "rejected" | "expired" | null;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

/** May the person looking approve this run, and if not, why (set by the route handler for its caller). */
export interface RunViewer {
  mayApprove: boolean;
  whyNot: string | null;
}

/** A confirmed run as it is followed: progress, each tenant, and once ended its summary. */
export interface RunView {
  id: string;
  kind: string;
  action: string;
  status: RunStatus;
  statusText: string;
  requestedBy: string;
  ticket: string | null;
  createdAt: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Set when someone pressed Cancel (no write starts after it). */
  cancelRequestedAt: string | null;
  cancelRequestedBy: string | null;
  /** Ended runs never change again. */
  ended: boolean;
  progress: { done: number; total: number };
  /** Tenants of the run by status. */
  tenantsByStatus: Record<RunTenantProgressStatus, number>;
  /** Policies by result over the whole run. */
  policies: { applied: number; skipped: number; failed: number; pending: number };
  elapsedSeconds: number;
  /** null until it can be estimated, and once ended. */
  estimatedSecondsLeft: number | null;
  tenants: RunTenantView[];
  /** Tenants its preview left out (read-only GDAP): not part of the run, nothing sent; the reason in words. */
  leftOut: { tenantId: string; displayName: string; reason: string }[];
  /** The run's summary or why it failed as a whole, in words; null when all was done. */
  summary: string | null;
  /** "Retry failed": the run this one retries. */
  retryOfId: string | null;
  /** A rollback: the run it undoes; and the rollbacks made of this run (newest first). */
  undoesRunId: string | null;
  undoneBy: { runId: string; status: string }[];
  /** Every history row, for a run of one tenant (omitted for bigger runs: see the CSV). */
  changes: RunChangeView[] | null;
  /** Set when the run needed a second person's approval. */
  approval: RunApprovalView | null;
  /** The caller's part in the approval (only from GET /api/runs/{id}). */
  viewer?: RunViewer;
}
