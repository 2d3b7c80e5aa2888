// The run as the browser polls it (lib/bulk/views.ts) and its CSV export.
import type { PrismaClient } from "../db/generated/client";
import { toCsv } from "./csv";
import { estimateSecondsLeft, secondsBetween } from "./eta";
import { namedTenantViews, tenantNames } from "./tenant-names";
import type { BulkRunTenantView, BulkRunView, BulkTenantStatus } from "./views";

const TENANT_STATUSES: readonly BulkTenantStatus[] = ["queued", "running", "done", "failed", "cancelled"];
const ENDED = new Set(["completed", "failed", "cancelled"]);

export async function bulkRunView(prisma: PrismaClient, runId: string, now: Date = new Date()): Promise<BulkRunView | null> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId.toLowerCase() }, include: { bulkTenants: true } });
  if (!run || run.kind !== "bulk-fix") return null;
  const tenants: BulkRunTenantView[] = await namedTenantViews(prisma, run.bulkTenants, (t, displayName) => ({
    tenantId: t.tenantId,
    displayName,
    status: t.status,
    applied: t.applied,
    skipped: t.skipped,
    failed: t.failed,
    pending: t.pending,
    error: t.error,
    startedAt: t.startedAt?.toISOString() ?? null,
    finishedAt: t.finishedAt?.toISOString() ?? null,
  }));
  const tenantsByStatus = Object.fromEntries(TENANT_STATUSES.map((s) => [s, 0])) as Record<BulkTenantStatus, number>;
  const policies = { applied: 0, skipped: 0, failed: 0, pending: 0 };
  for (const t of tenants) {
    tenantsByStatus[t.status] += 1;
    policies.applied += t.applied;
    policies.skipped += t.skipped;
    policies.failed += t.failed;
    policies.pending += t.pending;
  }
  const ended = ENDED.has(run.status);
  const done = tenantsByStatus.done + tenantsByStatus.failed + tenantsByStatus.cancelled;
  const elapsedSeconds = secondsBetween(run.startedAt ?? run.createdAt, run.finishedAt ?? now);
  return {
    id: run.id,
    previewId: run.previewId,
    status: run.status,
    requestedBy: run.requestedByUpn,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
    cancelRequestedBy: run.cancelRequestedByUpn,
    ended,
    progress: { done, total: tenants.length },
    tenantsByStatus,
    policies,
    elapsedSeconds,
    estimatedSecondsLeft: estimateSecondsLeft({ elapsedSeconds, finished: done, total: tenants.length, ended }),
    tenants,
    summary: run.error,
  };
}

export const CSV_HEADER = ["tenant", "tenant id", "policy", "policy id", "result", "reason", "error", "change id", "finished at"] as const;

/**
 * One line per tenant and policy change (every history row of the run, in order), and one line
 * for a tenant that has none (not started, or it could not be opened) saying why.
 */
export async function bulkRunCsv(prisma: PrismaClient, runId: string): Promise<string | null> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId.toLowerCase() }, include: { bulkTenants: true } });
  if (!run || run.kind !== "bulk-fix") return null;
  const changes = await prisma.remediationChange.findMany({
    where: { runId: run.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, tenantId: true, policyId: true, policyName: true, result: true, reason: true, error: true, finishedAt: true },
  });
  const nameOf = await tenantNames(
    prisma,
    run.bulkTenants.map((t) => t.tenantId),
  );
  const byTenant = new Map<string, typeof changes>();
  for (const c of changes) byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
  const rows: (string | null)[][] = [[...CSV_HEADER]];
  const tenants = [...run.bulkTenants].sort((a, b) => nameOf(a.tenantId).localeCompare(nameOf(b.tenantId)));
  for (const t of tenants) {
    const name = nameOf(t.tenantId);
    const own = byTenant.get(t.tenantId) ?? [];
    if (own.length === 0) {
      rows.push([name, t.tenantId, null, null, `tenant ${t.status}`, t.error, null, null, t.finishedAt?.toISOString() ?? null]);
      continue;
    }
    for (const c of own) rows.push([name, t.tenantId, c.policyName, c.policyId, c.result, c.reason, c.error, c.id, c.finishedAt?.toISOString() ?? null]);
  }
  return toCsv(rows);
}
