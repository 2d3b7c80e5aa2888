// The recovery sweep, run by every worker at start and every few seconds (jobs.ts), for every kind
// of run. pg-boss keeps a job `active` for its expiry (15 minutes) after the worker running it died,
// and a job can be lost between a commit and its send (the web process died right after a person
// confirmed); the sweep finds the work such jobs left and sends it again, much sooner:
// - a run's tenant `running` with a heartbeat older than staleMs (its worker was killed): re-sent;
//   the new job claims it, and the engine settles what the dead attempt left pending by re-reading
//   before it writes anything, so no policy gets a second write;
// - a tenant `queued` (or released) for a while with no live pg-boss job: re-sent;
// - the same two for tenants being read for a preview;
// - a run whose tenants have all ended: ended; a preview whose tenants are all read: previewed;
// - a preview nobody confirmed within previewTtlMs: ended cancelled;
// - a run nobody approved within the settings' expiry: ended cancelled (approval.ts).
// Each re-send is claimed first with a conditional update, so workers sweeping together send one.
import { expireApprovals } from "./approval";
import type { RunWorkerDeps } from "./deps";
import { finishRunIfDone } from "./finish-run";
import { dbNow } from "./heartbeat";
import { completePreviewIfDone } from "./preview-job";
import { RUN_QUEUES, type LiveJob } from "./queue";
import { timing } from "./timing";

export interface RecoveryReport {
  tenantsResent: number;
  readsResent: number;
  runsEnded: number;
  previewsCompleted: number;
  previewsExpired: number;
  approvalsExpired: number;
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

function groupBy<T>(rows: readonly T[], by: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  // Pushed, not copied: a fleet's run has thousands of waiting tenants in one group.
  for (const row of rows) {
    const group = out.get(by(row));
    if (group) group.push(row);
    else out.set(by(row), [row]);
  }
  return out;
}

/**
 * Waiting rows whose job is still there are looked at again after queuedCheckMs, all in one
 * statement: a fleet's run keeps thousands of tenants queued behind the workers' concurrency for
 * minutes, and one update each (every sweep, every 30 s of waiting) was a fifth of a 10,000-tenant
 * run's statements. Nothing is sent for them, so no claim per row is needed.
 */
async function checkedAgainLater(
  deps: RunWorkerDeps,
  runId: string,
  rows: readonly { tenantId: string }[],
  alive: ReadonlySet<string>,
  waited: Date,
  now: Date,
  statuses: readonly ("queued" | "running" | "reading")[],
) {
  const ids = rows.filter((r) => alive.has(r.tenantId)).map((r) => r.tenantId);
  if (ids.length === 0) return;
  await deps.prisma.$executeRaw`
    update "RunTenant" set "queuedAt" = ${now}
    where "runId" = ${runId}::uuid and "tenantId" = any(${ids}::uuid[]) and status::text = any(${[...statuses]}::text[])
      and "heartbeatAt" is null and ("queuedAt" is null or "queuedAt" < ${waited})`;
}

const priorityOf = (items: unknown) => (Array.isArray(items) ? items.length : 0);

/** `at`: the database's time unless a test sets it; heartbeats are written with it (heartbeat.ts). */
export async function recoverRuns(deps: RunWorkerDeps, at?: Date): Promise<RecoveryReport> {
  const { prisma, queue } = deps;
  const now = at ?? (await dbNow(prisma));
  const t = timing(deps.timing);
  const stale = new Date(now.getTime() - t.staleMs);
  const waited = new Date(now.getTime() - t.queuedCheckMs);
  const report: RecoveryReport = { tenantsResent: 0, readsResent: 0, runsEnded: 0, previewsCompleted: 0, previewsExpired: 0, approvalsExpired: 0 };
  const active = { status: { in: ["queued" as const, "running" as const] } };

  // 1. Run tenants whose worker died while working on them.
  const dead = await prisma.runTenant.findMany({
    where: { status: "running", heartbeatAt: { lt: stale }, run: active },
    select: { runId: true, tenantId: true, heartbeatAt: true, items: true },
  });
  for (const row of dead) {
    const { count } = await prisma.runTenant.updateMany({
      where: { runId: row.runId, tenantId: row.tenantId, status: "running", heartbeatAt: row.heartbeatAt },
      data: { heartbeatAt: null, writingSince: null, queuedAt: now },
    });
    if (count !== 1) continue;
    await queue.send(RUN_QUEUES.tenant, [{ data: { runId: row.runId, tenantId: row.tenantId }, priority: priorityOf(row.items) }]);
    report.tenantsResent += 1;
  }

  // 2. Run tenants waiting a long time: is there still a job for them?
  const waiting = await prisma.runTenant.findMany({
    where: { heartbeatAt: null, status: { in: ["queued", "running"] }, OR: [{ queuedAt: null }, { queuedAt: { lt: waited } }], run: active },
    select: { runId: true, tenantId: true, queuedAt: true, items: true },
  });
  for (const [runId, rows] of groupBy(waiting, (r) => r.runId)) {
    const alive = withoutLiveJob(await queue.liveJobs(RUN_QUEUES.tenant, { runId }), stale);
    await checkedAgainLater(deps, runId, rows, alive, waited, now, ["queued", "running"]);
    for (const row of rows) {
      if (alive.has(row.tenantId)) continue;
      const { count } = await prisma.runTenant.updateMany({
        where: { runId, tenantId: row.tenantId, heartbeatAt: null, queuedAt: row.queuedAt },
        data: { queuedAt: now },
      });
      if (count !== 1) continue;
      await queue.send(RUN_QUEUES.tenant, [{ data: { runId, tenantId: row.tenantId }, priority: priorityOf(row.items) }]);
      report.tenantsResent += 1;
    }
  }

  // 3. Runs whose tenants have all ended (the last job died between its tenant and the run).
  const unfinished = await prisma.remediationRun.findMany({
    where: { ...active, tenants: { none: { status: { in: ["queued", "running"] } } } },
    select: { id: true },
  });
  for (const run of unfinished) if (await finishRunIfDone(prisma, run.id)) report.runsEnded += 1;

  // 4. Previews: the same for the tenants being read.
  const reading = { status: "previewing" as const };
  const deadReads = await prisma.runTenant.findMany({
    where: { status: "reading", heartbeatAt: { lt: stale }, run: reading },
    select: { runId: true, tenantId: true, heartbeatAt: true },
  });
  for (const row of deadReads) {
    const key = { runId: row.runId, tenantId: row.tenantId };
    const { count } = await prisma.runTenant.updateMany({
      where: { ...key, status: "reading", heartbeatAt: row.heartbeatAt },
      data: { heartbeatAt: null, queuedAt: now },
    });
    if (count !== 1) continue;
    await queue.send(RUN_QUEUES.previewTenant, [{ data: key }]);
    report.readsResent += 1;
  }
  const waitingReads = await prisma.runTenant.findMany({
    where: { status: "reading", heartbeatAt: null, OR: [{ queuedAt: null }, { queuedAt: { lt: waited } }], run: reading },
    select: { runId: true, tenantId: true, queuedAt: true },
  });
  for (const [runId, rows] of groupBy(waitingReads, (r) => r.runId)) {
    const alive = withoutLiveJob(await queue.liveJobs(RUN_QUEUES.previewTenant, { runId }), stale);
    await checkedAgainLater(deps, runId, rows, alive, waited, now, ["reading"]);
    for (const row of rows) {
      if (alive.has(row.tenantId)) continue;
      const key = { runId, tenantId: row.tenantId };
      const { count } = await prisma.runTenant.updateMany({
        where: { ...key, status: "reading", heartbeatAt: null, queuedAt: row.queuedAt },
        data: { queuedAt: now },
      });
      if (count !== 1) continue;
      await queue.send(RUN_QUEUES.previewTenant, [{ data: key }]);
      report.readsResent += 1;
    }
  }
  const read = await prisma.remediationRun.findMany({ where: { status: "previewing", tenants: { none: { status: "reading" } } }, select: { id: true } });
  for (const run of read) if (await completePreviewIfDone(prisma, run.id)) report.previewsCompleted += 1;

  // 5. Previews nobody confirmed in time: the tenants have moved on since.
  const expired = await prisma.remediationRun.updateMany({
    where: { status: { in: ["previewing", "previewed"] }, createdAt: { lt: new Date(now.getTime() - t.previewTtlMs) } },
    data: {
      status: "cancelled",
      finishedAt: now,
      error: `Not confirmed within ${Math.round(t.previewTtlMs / 3_600_000)} hours of its preview; nothing was written.`,
    },
  });
  report.previewsExpired = expired.count;
  // 6. Approvals nobody gave in time.
  report.approvalsExpired = await expireApprovals(prisma, now);
  return report;
}
