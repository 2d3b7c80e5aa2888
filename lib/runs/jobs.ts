// The run service's part of a worker: its two job handlers and the recovery sweep.
import { readConcurrency } from "../jobs/read-concurrency";
import type { JobHandler } from "../jobs/worker";
import type { RunWorkerDeps } from "./deps";
import { runPreviewTenant } from "./preview-job";
import { RUN_QUEUES } from "./queue";
import { recoverRuns, type RecoveryReport } from "./recovery";
import { runTenantJob } from "./tenant-job";

/**
 * `concurrency` tenants worked on at once per worker process: each waits most of its time for its
 * tenant's pacer (1 request/second/tenant), so throughput comes from many tenants in parallel.
 * Previews read whole tenants, so fewer run at once (lib/jobs/read-concurrency.ts).
 */
export function runJobHandlers(deps: () => Promise<RunWorkerDeps>, concurrency: number): JobHandler[] {
  return [
    { queue: RUN_QUEUES.previewTenant, concurrency: readConcurrency(concurrency), run: async (data) => runPreviewTenant(await deps(), data) },
    { queue: RUN_QUEUES.tenant, concurrency, run: async (data) => runTenantJob(await deps(), data) },
  ];
}

export const SWEEP_EVERY_MS = 5_000;

/** Sweeps now and every `everyMs` (never two at once in this process) until stopped. */
export function startRecoverySweep(
  deps: () => Promise<RunWorkerDeps>,
  options: { everyMs?: number; onError(error: unknown): void; onReport?(report: RecoveryReport): void },
): { stop(): void } {
  let running = false;
  let stopped = false;
  const sweep = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const report = await recoverRuns(await deps());
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
