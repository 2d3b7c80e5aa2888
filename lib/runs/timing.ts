// The run service's clocks, in one place (tests shorten some; production keeps these).

export interface RunTiming {
  /** How often a working job refreshes its row's heartbeatAt. */
  heartbeatMs: number;
  /** A row whose heartbeat is older than this belongs to a dead worker (SIGKILL, power loss). */
  staleMs: number;
  /** A queued row is checked against pg-boss's live jobs when it has waited this long. */
  queuedCheckMs: number;
  /** How long a tenant's job waits for another engine working on the same tenant to finish. */
  lockWaitMs: number;
  /** Attempts per tenant (the second only after a transient failure: throttled, unavailable, busy). */
  maxAttempts: number;
  /**
   * Claims per tenant, counting attempts whose worker died: a tenant that keeps taking its workers
   * down (or a database that keeps failing them) ends failed instead of being re-sent forever.
   */
  maxClaims: number;
  /** Delay before a transient failure's second attempt. */
  retryDelayMs: number;
  /** Cancel waits at most this long for writes that were already on their way. */
  cancelWaitMs: number;
  /** A preview older than this can no longer be confirmed (the sweep ends it cancelled): the tenant has moved on. */
  previewTtlMs: number;
}

export const DEFAULT_TIMING: RunTiming = {
  heartbeatMs: 3_000,
  staleMs: 15_000,
  queuedCheckMs: 30_000,
  lockWaitMs: 60_000,
  maxAttempts: 2,
  maxClaims: 5,
  retryDelayMs: 15_000,
  // One attempt of a PATCH is bounded by lib/graph's per-attempt timeout (60 s).
  cancelWaitMs: 65_000,
  previewTtlMs: 24 * 60 * 60_000,
};

export function timing(overrides: Partial<RunTiming> | undefined): RunTiming {
  return { ...DEFAULT_TIMING, ...overrides };
}
