// What lib/runs' jobs and sweep need from their process: the database, the queue, a way into a
// tenant (lib/graph in production, the local cloud or fakes in tests), and the clocks.
import type { PrismaClient } from "../db/generated/client";
import type { AccessPath, TenantGraph } from "../graph/tenant-graph-contract";
import type { RunQueue } from "./queue";
import type { RunTiming } from "./timing";

export interface RunDeps {
  prisma: PrismaClient;
  queue: RunQueue;
}

export interface RunWorkerDeps extends RunDeps {
  /** The MSP's tenant from configuration: a run's target is checked against it when its job runs. */
  partnerTenantId: string | undefined;
  /** Opens the tenant (a customer's, or the partner's own), trying `prefer` first (the way the last sync got in). */
  openTenant(tenantId: string, prefer: AccessPath): Promise<TenantGraph>;
  warn(detail: object, message: string): void;
  timing?: Partial<RunTiming>;
}
