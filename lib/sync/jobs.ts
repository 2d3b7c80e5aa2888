// The sync work as queue jobs, so it runs on whichever worker is free, survives restarts, and
// every tenant is read in parallel (each paced by the Graph layer's per-tenant pacer).
import { z } from "zod";
import type { JobHandler } from "../jobs/worker";
import { QUEUES } from "../jobs/queue";
import { syncCustomers, syncTenant, type SyncDeps } from "./sync";

// `runId`: sent by a run when its part of the tenant ended (lib/runs/resync-after.ts).
const tenantJob = z.object({ tenantId: z.uuid(), runId: z.uuid().optional() });

/** `concurrency`: tenants read at once by one worker (each paced by its own pacer, so many can run together). */
export function syncJobHandlers(deps: () => Promise<SyncDeps>, enqueue: (queue: string, data: object) => Promise<unknown>, concurrency = 10): JobHandler[] {
  return [
    {
      queue: QUEUES.syncAll,
      concurrency: 1,
      run: async () => {
        const ids = await syncCustomers(await deps());
        for (const tenantId of ids) await enqueue(QUEUES.syncTenant, { tenantId });
        return { tenants: ids.length };
      },
    },
    {
      queue: QUEUES.syncTenant,
      concurrency,
      run: async (data) => {
        const job = tenantJob.parse(data);
        // After a run the tenant is read for its access and policies as the run left them; its names
        // are not read again (the run's writes name nothing new): a person's sync refreshes them.
        return syncTenant(await deps(), job.tenantId, job.runId ? { seenBy: "run", runId: job.runId } : { seenBy: "sync" });
      },
    },
  ];
}
