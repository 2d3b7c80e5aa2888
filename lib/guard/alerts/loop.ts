// The alert loop's ticker (lib/jobs/handlers.ts runs it in every worker): collect, then deliver.
import { collectAlerts, deliverDue, type AlertDeps } from "./dispatch";

export function startAlertLoop(deps: () => AlertDeps, options: { intervalMs: number; onError(error: unknown): void }): { stop(): void } {
  let busy = false;
  const timer = setInterval(
    () => {
      if (busy) return;
      busy = true;
      const d = deps();
      void collectAlerts(d)
        .then(() => deliverDue(d))
        .catch(options.onError)
        .finally(() => {
          busy = false;
        });
    },
    Math.max(500, options.intervalMs),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
