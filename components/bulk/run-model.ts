// What the run page derives from RunView: the outcome chips, the headline, who failed or was
// not done, and the links into history (app/history reads `run` and `tenant`).
import type { ChipColor } from "@/components/tenants/access";
import type { RunTenantView, RunView, RunTenantProgressStatus } from "@/lib/runs/views";
import { plural } from "./format";

export const TENANT_STATUS: Record<RunTenantProgressStatus, { label: string; color: ChipColor }> = {
  queued: { label: "Queued", color: "default" },
  running: { label: "Running", color: "info" },
  succeeded: { label: "Done", color: "success" },
  failed: { label: "Failed", color: "error" },
  cancelled: { label: "Not done (cancelled)", color: "warning" },
};

const ORDER: RunTenantProgressStatus[] = ["succeeded", "running", "queued", "failed", "cancelled"];

/** One chip per tenant status that has tenants, in a stable order. */
export function statusChips(
  byStatus: Partial<Record<RunTenantProgressStatus, number>>,
): { status: RunTenantProgressStatus; label: string; color: ChipColor; count: number }[] {
  return ORDER.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => ({ status: s, ...TENANT_STATUS[s], count: byStatus[s] ?? 0 }));
}

// "Finished" and not "done": a tenant cancelled or failed has finished too, and "done" is the
// outcome chip of the tenants that were fixed.
export function runHeadline(run: Pick<RunView, "status" | "ended" | "progress" | "tenantsByStatus" | "policies" | "cancelRequestedAt">): {
  text: string;
  severity: "info" | "success" | "warning" | "error";
} {
  const failed = run.tenantsByStatus.failed ?? 0;
  const notDone = run.tenantsByStatus.cancelled ?? 0;
  const policies = `${plural(run.policies.applied, "policy", "policies")} changed, ${run.policies.skipped} skipped, ${run.policies.failed} failed`;
  if (!run.ended) {
    const finished = `${run.progress.done} of ${plural(run.progress.total, "tenant", "tenants")} finished`;
    if (run.status === "awaiting_approval") return { text: "Waiting for approval: nothing is written until a second admin approves.", severity: "warning" };
    if (run.cancelRequestedAt) return { text: `Cancelling: ${finished}; the tenants still running stop before their next write.`, severity: "warning" };
    return run.status === "queued"
      ? { text: "Queued: waiting for a worker to pick the run up…", severity: "info" }
      : { text: `Running: ${finished}; ${policies} so far.`, severity: "info" };
  }
  if (run.status === "cancelled") return { text: `Cancelled: ${plural(notDone, "tenant was", "tenants were")} not done; ${policies}.`, severity: "warning" };
  if (run.status === "failed") return { text: `The run failed: ${plural(failed, "tenant", "tenants")} failed; ${policies}.`, severity: "error" };
  return failed > 0 || run.policies.failed > 0 || run.policies.pending > 0
    ? { text: `Finished with problems: ${plural(failed, "tenant", "tenants")} failed; ${policies}.`, severity: "warning" }
    : { text: `Finished: every tenant done; ${policies}.`, severity: "success" };
}

/** Tenants a summary must explain: failures (with their reason) and those cancellation left undone. */
export function tenantsToExplain(tenants: readonly RunTenantView[]): { failed: RunTenantView[]; notDone: RunTenantView[] } {
  const byName = (a: RunTenantView, b: RunTenantView) => a.displayName.localeCompare(b.displayName);
  return {
    failed: tenants.filter((t) => t.status === "failed" || (t.status === "succeeded" && t.failed > 0)).sort(byName),
    notDone: tenants.filter((t) => t.status === "cancelled").sort(byName),
  };
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/** The server words reasons without knowing the reader's time zone: its instants are shown in local time. */
export function readableTimes(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => new Date(iso).toLocaleString());
}

/** A tenant "done" can still have failed policies: its reason says which. */
export function failureReason(t: RunTenantView): string {
  if (t.error) return readableTimes(t.error);
  if (t.failed > 0) return `${plural(t.failed, "policy", "policies")} failed; the history has Graph's answer for each.`;
  return "No reason was recorded; see the history.";
}

export function historyHref(runId: string, tenantId?: string): string {
  const q = new URLSearchParams({ run: runId });
  if (tenantId) q.set("tenant", tenantId);
  return `/history?${q.toString()}`;
}
