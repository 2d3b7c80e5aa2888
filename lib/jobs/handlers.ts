// Every job the portal's workers run, with their real dependencies. Server processes run with the
// `react-server` export condition (see package.json), so server-only modules load in the worker too.
import type { PgBoss } from "pg-boss";
import { config } from "../config";
import { db } from "../db/client";
import { partnerGraph, tenantGraph } from "../graph";
import { startAlertLoop } from "../guard/alerts/loop";
import { autoFixAfterRead } from "../guard/auto-fix";
import { guardJobHandlers, sweepQueue } from "../guard/jobs";
import { startGuardSchedule } from "../guard/schedule";
import { loadScenarios, proveForCheck } from "../proof";
import { pgBossQueue, preferredAccess, runJobHandlers, startRecoverySweep, type RunWorkerDeps } from "../runs";
import { log } from "../log";
import { syncJobHandlers } from "../sync/jobs";
import type { SyncDeps } from "../sync/sync";
import { QUEUES } from "./queue";
import { readConcurrency } from "./read-concurrency";
import { heartbeatHandler, type JobHandler } from "./worker";

async function syncDeps(): Promise<SyncDeps> {
  const partnerTenantId = config().partnerTenantId;
  if (!partnerTenantId) throw new Error("PARTNER_TENANT_ID is not configured; the portal cannot read its GDAP relationships.");
  return { prisma: db(), partnerTenantId, partner: async () => partnerGraph(), openTenant: (id) => tenantGraph(id) };
}

function runDeps(boss: PgBoss): () => Promise<RunWorkerDeps> {
  const queue = pgBossQueue(boss);
  return async () => ({
    prisma: db(),
    queue,
    partnerTenantId: config().partnerTenantId,
    openTenant: (id, prefer) => tenantGraph(id, { prefer }),
    warn: (detail, message) => log().warn(detail, message),
  });
}

export function portalHandlers(boss: PgBoss): JobHandler[] {
  const runs = runDeps(boss);
  // Every worker sweeps for work a killed worker left (lib/runs/recovery.ts), from its start until pg-boss stops.
  const sweep = startRecoverySweep(runs, {
    onError: (err) => log().error({ err }, "run recovery sweep failed"),
    onReport: (report) => log().warn({ report }, "run recovery sweep re-sent or ended work a stopped worker left"),
  });
  // Every worker also checks whether the guard's sweep is due; one of them claims it (lib/guard/sweep.ts).
  const guard = startGuardSchedule(async () => (config().partnerTenantId ? { ...(await syncDeps()), enqueue: sweepQueue(boss) } : null), {
    intervalMs: config().guardSweepIntervalSeconds * 1000,
    onError: (err) => log().error({ err }, "guard sweep could not start"),
    onSweep: (report) => log().info({ report }, "guard sweep started"),
  });
  // Every worker also turns new events into alerts and sends those due (lib/guard/alerts/dispatch.ts).
  const alerts = startAlertLoop(
    () => ({
      prisma: db(),
      portalUrl: config().portalUrl,
      partnerTenantId: config().partnerTenantId ?? null,
      sweepIntervalMs: config().guardSweepIntervalSeconds * 1000,
    }),
    { intervalMs: Math.min(5_000, config().guardSweepIntervalSeconds * 250), onError: (err) => log().error({ err }, "guard alerts failed") },
  );
  boss.on("stopped", () => {
    sweep.stop();
    guard.stop();
    alerts.stop();
  });
  return [
    heartbeatHandler,
    ...syncJobHandlers(syncDeps, (queue, data) => boss.send(queue, data), readConcurrency(config().workerConcurrency)),
    ...runJobHandlers(runs, config().workerConcurrency),
    ...guardJobHandlers(async () => {
      const deps = await syncDeps();
      const queue = pgBossQueue(boss);
      return {
        ...deps,
        autoFix: (read) => autoFixAfterRead({ prisma: deps.prisma, partnerTenantId: deps.partnerTenantId, queue }, read),
        warn: (detail, message) => log().warn(detail, message),
        info: (detail, message) => log().info(detail, message),
      };
    }, readConcurrency(config().workerConcurrency)),
    {
      queue: QUEUES.proofTenant,
      concurrency: readConcurrency(config().workerConcurrency),
      run: async (data) =>
        proveForCheck(
          {
            prisma: db(),
            partnerTenantId: config().partnerTenantId ?? null,
            openTenant: (id, accessHealth) => tenantGraph(id, { prefer: preferredAccess(accessHealth) }),
            scenarios: () => loadScenarios(db()),
          },
          data,
        ),
    },
  ];
}
