// The bulk wizard's part of a worker: its two job handlers and the recovery sweep.
import { readConcurrency } from "../jobs/read-concurrency";
import type { JobHandler } from "../jobs/worker";
import type { BulkWorkerDeps } from "./deps";
import { runBulkPreviewTenant } from "./preview-job";
import { BULK_QUEUES } from "./queue";
import { recoverBulkRuns, type RecoveryReport } from "./recovery";
import { runBulkTenantFix } from "./tenant-fix-job";

/**
 * `concurrency` tenants fixed at once per worker process: each waits most of its time for its
 * tenant's pacer (1 request/second/tenant), so throughput comes from many tenants in parallel.
 * Previews read whole tenants, so fewer run at once (lib/jobs/read-concurrency.ts).
 */
export function bulkJobHandlers(deps: () => Promise<BulkWorkerDeps>, concurrency: number): JobHandler[] {
  return [
    { queue: BULK_QUEUES.previewTenant, concurrency: readConcurrency(concurrency), run: async (data) => runBulkPreviewTenant(await deps(), data) },
    { queue: BULK_QUEUES.tenantFix, concurrency, run: async (data) => runBulkTenantFix(await deps(), data) },
  ];
}

export const SWEEP_EVERY_MS = 5_000;

/** Sweeps now and every `everyMs` (never two at once in this process) until stopped. */
export function startRecoverySweep(
  deps: () => Promise<BulkWorkerDeps>,
  options: { everyMs?: number; onError(error: unknown): void; onReport?(report: RecoveryReport): void },
): { stop(): void } {
  let running = false;
  let stopped = false;
  const sweep = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const report = await recoverBulkRuns(await deps());
      if (Object.values(report).some((n) => n > 0)) options.onReport?.(report);
    } catch (error) {
      options.onError(error);
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), options.everyMs ?? SWEEP_EVERY_MS);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
