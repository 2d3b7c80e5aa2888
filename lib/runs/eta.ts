// Elapsed time and the estimate of what is left, pure.

export interface EtaInput {
  /** Seconds since the run started. */
  elapsedSeconds: number;
  /** Tenants that reached an end state. */
  finished: number;
  total: number;
  ended: boolean;
}

/**
 * Seconds left at the rate tenants have been finishing so far; null before the first tenant
 * finished (no rate yet) and once the run has ended. Tenants start busiest first, so early
 * estimates lean long rather than short.
 */
export function estimateSecondsLeft({ elapsedSeconds, finished, total, ended }: EtaInput): number | null {
  if (ended) return null;
  if (finished >= total) return 0;
  if (finished <= 0 || elapsedSeconds <= 0) return null;
  const perTenant = elapsedSeconds / finished;
  return Math.ceil((total - finished) * perTenant);
}

export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}
