// Every worker runs this ticker; the claim in Postgres (sweep.ts) makes sure only one of them starts
// each sweep. Why not pg-boss's own schedule: its cron has a one-minute resolution, and the local
// cloud's time-scaled tests need sweeps seconds apart; a claim row also says when the last sweep ran
// and how it went, which the pages and the later alerts read.
import { claimSweep, startSweep, type SweepDeps } from "./sweep";

export interface GuardSchedule {
  stop(): void;
}

export function startGuardSchedule(
  deps: () => Promise<SweepDeps | null>,
  options: {
    intervalMs: number;
    onError(error: unknown): void;
    onSweep?(report: { sweepId: string; tenants?: number; partnerError?: string; error?: string }): void;
  },
): GuardSchedule {
  // Checking four times per interval keeps a sweep's start within a quarter interval of its due time.
  const tickMs = Math.max(250, Math.min(options.intervalMs / 4, 30_000));
  let busy = false;
  let stopped = false;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const d = await deps();
      if (!d) return; // not configured (no partner tenant): nothing to sweep
      const sweepId = await claimSweep(d.prisma, options.intervalMs);
      if (!sweepId) return;
      const started = await startSweep(d, sweepId);
      options.onSweep?.({ sweepId, ...started });
    } catch (error) {
      options.onError(error);
    } finally {
      busy = false;
    }
  };
  // The first check waits one interval: a worker that starts does not read every tenant at once
  // (a restart of many workers, or a test's short-lived worker, would otherwise sweep each time).
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void tick();
    timer = setInterval(() => void tick(), tickMs);
    timer.unref();
  }, options.intervalMs);
  first.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(first);
      if (timer) clearInterval(timer);
    },
  };
}
