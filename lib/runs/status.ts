// A run's one status machine, for every kind of run (pure):
//
//   previewing -> previewed -> (awaiting_approval) -> queued -> running -> succeeded | partly_failed | failed | cancelled
//
// previewing: its tenants are being read; previewed: a person can confirm it; awaiting_approval:
// confirmed, waiting for a second person (unused until approvals land); queued: confirmed, no tenant
// started yet; running: at least one tenant started. A preview nobody confirms, a cancel before any
// write, or Cancel while running end it cancelled.
import type { RunStatus, RunTenantStatus } from "../db/generated/client";

export type { RunStatus, RunTenantStatus };

export const ENDED_RUN_STATUSES = ["succeeded", "partly_failed", "failed", "cancelled"] as const satisfies readonly RunStatus[];
export type EndedRunStatus = (typeof ENDED_RUN_STATUSES)[number];

export const PREVIEW_STATUSES = ["previewing", "previewed"] as const satisfies readonly RunStatus[];
/** Confirmed and not ended: what the job, the sweep and cancel work on. */
export const ACTIVE_RUN_STATUSES = ["queued", "running"] as const satisfies readonly RunStatus[];

export function isEnded(status: string): status is EndedRunStatus {
  return (ENDED_RUN_STATUSES as readonly string[]).includes(status);
}

export const RUN_STATUS_WORDS: Record<RunStatus, string> = {
  previewing: "Previewing",
  previewed: "Previewed, not confirmed",
  awaiting_approval: "Awaiting approval",
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  partly_failed: "Partly failed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Tenants that are part of the confirmed run (as opposed to previewed, unreachable or with nothing to change). */
export const RUN_TENANT_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const satisfies readonly RunTenantStatus[];
export const OPEN_TENANT_STATUSES = ["queued", "running"] as const satisfies readonly RunTenantStatus[];

/**
 * How a run ends once none of its tenants is open: cancelled when someone pressed Cancel;
 * succeeded when no tenant failed; failed when nothing was written at all; partly failed otherwise.
 */
export function endStatus(input: { cancelRequested: boolean; failedTenants: number; appliedChanges: number }): EndedRunStatus {
  if (input.cancelRequested) return "cancelled";
  if (input.failedTenants === 0) return "succeeded";
  return input.appliedChanges === 0 ? "failed" : "partly_failed";
}

/** What every view of a run starts with. */
export function runHead(run: { id: string; kind: string; action: string; status: RunStatus; requestedByUpn: string }) {
  return { id: run.id, kind: run.kind, action: run.action, status: run.status, statusText: RUN_STATUS_WORDS[run.status], requestedBy: run.requestedByUpn };
}
