// The guard bench's figures from what "Graph" saw (the local cloud's request log) and the sweeps'
// rows. Pure.
export interface LoggedRequest {
  method: string;
  path: string;
  tenantId: string | null;
  status: number;
  timestamp: string;
}

export interface SweepWindow {
  startedAt: Date;
  finishedAt: Date;
}

/**
 * Conditional Access reads per tenant per sweep, over tenants only the sweeps read (no repair ran
 * there), counting only requests within the finished sweeps' windows (sweeps never overlap), so a
 * sweep still running when the bench stops does not count its reads against the finished ones.
 */
export function caReadsPerTenantPerSweep(log: readonly LoggedRequest[], sweptOnly: ReadonlySet<string>, sweeps: readonly SweepWindow[]): number {
  if (sweeps.length === 0 || sweptOnly.size === 0) return Number.NaN;
  const within = (at: number) => sweeps.some((s) => at >= s.startedAt.getTime() && at <= s.finishedAt.getTime());
  const reads = log.filter(
    (e) =>
      e.method === "GET" &&
      e.path.startsWith("/identity/conditionalAccess/policies") &&
      e.tenantId !== null &&
      sweptOnly.has(e.tenantId) &&
      within(Date.parse(e.timestamp)),
  );
  return reads.length / (sweptOnly.size * sweeps.length);
}

export function throttled(log: readonly LoggedRequest[]): number {
  return log.filter((e) => e.status === 429).length;
}

/** The value at quantile q (0..1) of the numbers, nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
