// The recovery sweep, run by every worker at start and every few seconds (startRecoverySweep, jobs.ts).
// pg-boss keeps a job `active` for its expiry (15 minutes) after the worker running it died, and
// a job can be lost between a commit and its send; the sweep finds the work such jobs left and
// sends it again, much sooner:
// - a bulk run's tenant `running` with a heartbeat older than staleMs (its worker was killed):
//   re-sent; the new job claims it, and the engine settles what the dead attempt left pending by
//   re-reading before it writes anything, so no policy gets a second PATCH;
// - a tenant `queued` (or released) for a while with no live pg-boss job: re-sent;
// - the same two for bulk previews; a run or preview whose tenants have all ended: ended;
// - a single-tenant run (policy button, tenant page) left `running` by a dead worker (issue 5):
//   its pending changes reconciled by re-reading, and the run ended `failed`, saying so.
// Each re-send is claimed first with a conditional update, so workers sweeping together send one.
import { preferredAccess } from "../fixes/tenant-access";
import { endRun, reconcileLocked, RunStateError } from "../remediation/runs";
import { TenantBusyError, withTenantLock } from "../remediation/lock";
import type { BulkWorkerDeps } from "./deps";
import { problemOf } from "./failures";
import { finishRunIfDone } from "./finish-run";
import { dbNow } from "./heartbeat";
import { completePreviewIfDone } from "./preview-job";
import { BULK_QUEUES, type LiveJob } from "./queue";
import { timing } from "./timing";

export interface RecoveryReport {
  runTenantsResent: number;
  previewTenantsResent: number;
  runsEnded: number;
  previewsCompleted: number;
  /** Single-tenant runs a dead worker left running, now ended. */
  orphanRunsEnded: number;
}

function withoutLiveJob(live: readonly LiveJob[], cutoff: Date): Set<string> {
  // An `active` job whose worker has not claimed its row since staleMs is a dead worker's.
  const alive = new Set<string>();
  for (const job of live) {
    if (job.state === "active" && job.startedOn !== null && job.startedOn < cutoff) continue;
    const tenantId = (job.data as { tenantId?: unknown } | null)?.tenantId;
    if (typeof tenantId === "string") alive.add(tenantId);
  }
  return alive;
}

/** `now`: the database's time unless a test sets it; heartbeats are written with it (heartbeat.ts). */
export async function recoverBulkRuns(deps: BulkWorkerDeps, at?: Date): Promise<RecoveryReport> {
  const { prisma, queue } = deps;
  const now = at ?? (await dbNow(prisma));
  const t = timing(deps.timing);
  const stale = new Date(now.getTime() - t.staleMs);
  const waited = new Date(now.getTime() - t.queuedCheckMs);
  const report: RecoveryReport = { runTenantsResent: 0, previewTenantsResent: 0, runsEnded: 0, previewsCompleted: 0, orphanRunsEnded: 0 };

  // 1. Run tenants whose worker died while fixing them.
  const dead = await prisma.bulkRunTenant.findMany({
    where: { status: "running", heartbeatAt: { lt: stale }, run: { status: "running" } },
    select: { runId: true, tenantId: true, heartbeatAt: true, items: true },
  });
  for (const row of dead) {
    const { count } = await prisma.bulkRunTenant.updateMany({
      where: { runId: row.runId, tenantId: row.tenantId, status: "running", heartbeatAt: row.heartbeatAt },
      data: { heartbeatAt: null, writingSince: null, queuedAt: now },
    });
    if (count !== 1) continue;
    await queue.send(BULK_QUEUES.tenantFix, [
      { data: { runId: row.runId, tenantId: row.tenantId }, priority: Array.isArray(row.items) ? row.items.length : 0 },
    ]);
    report.runTenantsResent += 1;
  }

  // 2. Run tenants waiting a long time: is there still a job for them?
  const waiting = await prisma.bulkRunTenant.findMany({
    where: { heartbeatAt: null, status: { in: ["queued", "running"] }, OR: [{ queuedAt: null }, { queuedAt: { lt: waited } }], run: { status: "running" } },
    select: { runId: true, tenantId: true, queuedAt: true, items: true },
  });
  for (const [runId, rows] of groupBy(waiting, (r) => r.runId)) {
    const alive = withoutLiveJob(await queue.liveJobs(BULK_QUEUES.tenantFix, { runId }), stale);
    for (const row of rows) {
      const { count } = await prisma.bulkRunTenant.updateMany({
        where: { runId, tenantId: row.tenantId, heartbeatAt: null, queuedAt: row.queuedAt },
        data: { queuedAt: now },
      });
      if (count !== 1 || alive.has(row.tenantId)) continue;
      await queue.send(BULK_QUEUES.tenantFix, [{ data: { runId, tenantId: row.tenantId }, priority: Array.isArray(row.items) ? row.items.length : 0 }]);
      report.runTenantsResent += 1;
    }
  }

  // 3. Runs whose tenants have all ended (the last job died between its tenant and the run).
  const unfinished = await prisma.remediationRun.findMany({
    where: { kind: "bulk-fix", status: "running", bulkTenants: { none: { status: { in: ["queued", "running"] } } } },
    select: { id: true },
  });
  for (const run of unfinished) if (await finishRunIfDone(prisma, run.id)) report.runsEnded += 1;

  // 4. Previews: the same for their tenants.
  const deadReads = await prisma.bulkPreviewTenant.findMany({
    where: { status: "pending", heartbeatAt: { lt: stale } },
    select: { previewId: true, tenantId: true, heartbeatAt: true },
  });
  for (const row of deadReads) {
    const { count } = await prisma.bulkPreviewTenant.updateMany({
      where: { ...key(row), status: "pending", heartbeatAt: row.heartbeatAt },
      data: { heartbeatAt: null, queuedAt: now },
    });
    if (count !== 1) continue;
    await queue.send(BULK_QUEUES.previewTenant, [{ data: key(row) }]);
    report.previewTenantsResent += 1;
  }
  const waitingReads = await prisma.bulkPreviewTenant.findMany({
    where: { status: "pending", heartbeatAt: null, OR: [{ queuedAt: null }, { queuedAt: { lt: waited } }] },
    select: { previewId: true, tenantId: true, queuedAt: true },
  });
  for (const [previewId, rows] of groupBy(waitingReads, (r) => r.previewId)) {
    const alive = withoutLiveJob(await queue.liveJobs(BULK_QUEUES.previewTenant, { previewId }), stale);
    for (const row of rows) {
      const { count } = await prisma.bulkPreviewTenant.updateMany({
        where: { ...key(row), status: "pending", heartbeatAt: null, queuedAt: row.queuedAt },
        data: { queuedAt: now },
      });
      if (count !== 1 || alive.has(row.tenantId)) continue;
      await queue.send(BULK_QUEUES.previewTenant, [{ data: key(row) }]);
      report.previewTenantsResent += 1;
    }
  }
  const openPreviews = await prisma.bulkPreview.findMany({
    where: { status: { in: ["queued", "running"] }, tenants: { none: { status: "pending" } } },
    select: { id: true },
  });
  for (const p of openPreviews) if (await completePreviewIfDone(prisma, p.id)) report.previewsCompleted += 1;

  // 5. Single-tenant runs left running by a dead worker.
  report.orphanRunsEnded = await endOrphanRuns(deps, new Date(now.getTime() - t.orphanRunMs));
  return report;
}

function key(row: { previewId: string; tenantId: string }) {
  return { previewId: row.previewId, tenantId: row.tenantId };
}

function groupBy<T>(rows: readonly T[], by: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(by(row), [...(out.get(by(row)) ?? []), row]);
  return out;
}

export const ORPHAN_RUN_ERROR = "The worker running this fix stopped before it finished (it was killed or lost its database connection).";

/**
 * A tenant-page or policy run still `running` long after it started, whose tenant nobody holds
 * (the engine holds the tenant lock for the whole fix), was left by a dead worker. Its pending
 * changes are settled by re-reading (as the next fix would), and the run ends `failed` honestly.
 */
async function endOrphanRuns(deps: BulkWorkerDeps, quietSince: Date): Promise<number> {
  const { prisma } = deps;
  // A free lock alone does not prove the worker dead: the job releases it just before it ends the
  // run (lib/fixes/tenant-fix-job.ts), and a run that recorded or finished a change lately is alive.
  const recentChange = { OR: [{ createdAt: { gte: quietSince } }, { finishedAt: { gte: quietSince } }] };
  const runs = await prisma.remediationRun.findMany({
    where: { kind: { in: ["policy-fix", "tenant-fix"] }, status: "running", startedAt: { lt: quietSince }, changes: { none: recentChange } },
    select: { id: true, scope: true },
  });
  let ended = 0;
  for (const run of runs) {
    const tenantId = (run.scope as { tenantId?: unknown } | null)?.tenantId;
    if (typeof tenantId !== "string") continue;
    try {
      const settled = await withTenantLock(prisma, tenantId, async () => {
        // Again under the lock: the job may have written (and released the lock) since the list.
        const current = await prisma.remediationRun.findUnique({
          where: { id: run.id },
          select: { status: true, _count: { select: { changes: { where: recentChange } } } },
        });
        if (current?.status !== "running" || current._count.changes > 0) return null;
        const pending = await prisma.remediationChange.count({ where: { runId: run.id, result: "pending" } });
        if (pending === 0) return "Nothing it recorded was left unfinished.";
        try {
          const tenant = await prisma.customerTenant.findUnique({ where: { id: tenantId }, select: { accessHealth: true } });
          const graph = await deps.openTenant(tenantId, preferredAccess(tenant?.accessHealth ?? null));
          const partnerTenantId = deps.partnerTenantId;
          const result = await reconcileLocked(prisma, graph, partnerTenantId ? [{ action: "exclude-service-provider", partnerTenantId }] : []);
          const open = await prisma.remediationChange.count({ where: { runId: run.id, result: "pending" } });
          return open === 0
            ? `Its ${result.finished.length} unconfirmed change(s) were settled by re-reading the policies.`
            : `${open} change(s) it left unconfirmed could not be checked yet; the next fix of this tenant settles them.`;
        } catch (error) {
          return `${pending} change(s) it left unconfirmed could not be checked (${problemOf(error, deps.warn, { runId: run.id, tenantId }).message}); the next fix of this tenant settles them.`;
        }
      });
      if (settled === null) continue;
      await endRun(prisma, run.id, "failed", `${ORPHAN_RUN_ERROR} ${settled}`);
      ended += 1;
    } catch (error) {
      // Busy: an engine is working on the tenant, so the run is alive after all. Ended meanwhile: fine.
      if (error instanceof TenantBusyError || error instanceof RunStateError) continue;
      throw error;
    }
  }
  return ended;
}
