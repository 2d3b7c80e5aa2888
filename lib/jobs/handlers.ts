// Every job the portal's workers run, with their real dependencies. Server processes run with the
// `react-server` export condition (see package.json), so server-only modules load in the worker too.
import type { PgBoss } from "pg-boss";
import { bulkJobHandlers, pgBossQueue, startRecoverySweep, type BulkWorkerDeps } from "../bulk";
import { config } from "../config";
import { db } from "../db/client";
import { tenantFixJobHandler, type TenantFixDeps } from "../fixes/tenant-fix-job";
import { partnerGraph, tenantGraph } from "../graph";
import { log } from "../log";
import { syncJobHandlers } from "../sync/jobs";
import type { SyncDeps } from "../sync/sync";
import { readConcurrency } from "./read-concurrency";
import { heartbeatHandler, type JobHandler } from "./worker";

async function syncDeps(): Promise<SyncDeps> {
  const partnerTenantId = config().partnerTenantId;
  if (!partnerTenantId) throw new Error("PARTNER_TENANT_ID is not configured; the portal cannot read its GDAP relationships.");
  return { prisma: db(), partnerTenantId, partner: async () => partnerGraph(), openTenant: (id) => tenantGraph(id) };
}

async function fixDeps(): Promise<TenantFixDeps> {
  return {
    prisma: db(),
    partnerTenantId: config().partnerTenantId,
    openTenant: (id) => tenantGraph(id),
    warn: (detail, message) => log().warn(detail, message),
  };
}

function bulkDeps(boss: PgBoss): () => Promise<BulkWorkerDeps> {
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
  const bulk = bulkDeps(boss);
  // Every worker sweeps for work a killed worker left (lib/bulk/recovery.ts), from its start until pg-boss stops.
  const sweep = startRecoverySweep(bulk, {
    onError: (err) => log().error({ err }, "bulk recovery sweep failed"),
    onReport: (report) => log().warn({ report }, "bulk recovery sweep re-sent or ended work a stopped worker left"),
  });
  boss.on("stopped", () => sweep.stop());
  return [
    heartbeatHandler,
    ...syncJobHandlers(syncDeps, (queue, data) => boss.send(queue, data), readConcurrency(config().workerConcurrency)),
    tenantFixJobHandler(fixDeps),
    ...bulkJobHandlers(bulk, config().workerConcurrency),
  ];
}
