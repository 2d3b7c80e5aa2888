// Every job the portal's workers run, with their real dependencies. Server processes run with the
// `react-server` export condition (see package.json), so server-only modules load in the worker too.
import type { PgBoss } from "pg-boss";
import { config } from "../config";
import { db } from "../db/client";
import { tenantFixJobHandler, type TenantFixDeps } from "../fixes/tenant-fix-job";
import { partnerGraph, tenantGraph } from "../graph";
import { log } from "../log";
import { syncJobHandlers } from "../sync/jobs";
import type { SyncDeps } from "../sync/sync";
import { heartbeatHandler, type JobHandler } from "./worker";

async function syncDeps(): Promise<SyncDeps> {
  const partnerTenantId = config().partnerTenantId;
  if (!partnerTenantId) throw new Error("PARTNER_TENANT_ID is not configured; the portal cannot read its GDAP relationships.");
  return { prisma: db(), partnerTenantId, partner: async () => partnerGraph(), openTenant: (id) => tenantGraph(id) };
}

async function fixDeps(): Promise<TenantFixDeps> {
  return { prisma: db(), partnerTenantId: config().partnerTenantId, openTenant: (id) => tenantGraph(id), warn: (detail, message) => log().warn(detail, message) };
}

export function portalHandlers(boss: PgBoss): JobHandler[] {
  return [heartbeatHandler, ...syncJobHandlers(syncDeps, (queue, data) => boss.send(queue, data)), tenantFixJobHandler(fixDeps)];
}
