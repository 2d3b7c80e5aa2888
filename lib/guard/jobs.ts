// The guard's queue: one job per tenant of a sweep (lib/guard/sweep.ts).
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { QUEUES } from "../jobs/queue";
import type { JobHandler } from "../jobs/worker";
import { sweepTenant, type SweepTenantDeps, type SweepTenantJob } from "./sweep";

const sweepTenantJob = z.object({ sweepId: z.uuid(), tenantId: z.uuid() }).strict();

export function guardJobHandlers(deps: () => Promise<SweepTenantDeps>, concurrency: number): JobHandler[] {
  return [{ queue: QUEUES.guardSweepTenant, concurrency, run: async (data) => sweepTenant(await deps(), sweepTenantJob.parse(data)) }];
}

/** pg-boss takes this many jobs per insert comfortably (as lib/runs/queue.ts). */
const CHUNK = 1000;

export function sweepQueue(boss: Pick<PgBoss, "insert">): (jobs: SweepTenantJob[]) => Promise<void> {
  return async (jobs) => {
    for (let i = 0; i < jobs.length; i += CHUNK) {
      await boss.insert(
        QUEUES.guardSweepTenant,
        jobs.slice(i, i + CHUNK).map((data) => ({ data, retryLimit: 2, retryDelay: 5 })),
      );
    }
  };
}
