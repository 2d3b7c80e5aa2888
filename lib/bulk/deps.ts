// What lib/bulk's jobs and sweep need from their process: the database, the queue, a way into a
// tenant (lib/graph in production, the local cloud or fakes in tests), and the clocks.
import type { PrismaClient } from "../db/generated/client";
import type { AccessPath, TenantGraph } from "../graph/tenant-graph-contract";
import type { BulkQueue } from "./queue";
import type { BulkTiming } from "./timing";

export interface BulkDeps {
  prisma: PrismaClient;
  queue: BulkQueue;
}

export interface BulkWorkerDeps extends BulkDeps {
  partnerTenantId: string | undefined;
  /** Opens the tenant, trying `prefer` first (the way the last sync got in). */
  openTenant(tenantId: string, prefer: AccessPath): Promise<TenantGraph>;
  warn(detail: object, message: string): void;
  timing?: Partial<BulkTiming>;
}
