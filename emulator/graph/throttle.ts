// Throttling as Graph does it (docs/graph-contract.md §3.5): Conditional Access policies and named locations
// share one bucket per tenant for all apps together (1 request/second, small burst) and their 429
// carries no Retry-After; other requests only meet the generous global per-app limit
// (130,000 requests per 10 s). Refill time is multiplied by the time scale (0.01 = 100x faster).

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillMsPerToken: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(now: number): boolean {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + elapsed / this.refillMsPerToken);
      this.last = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export interface ThrottleOptions {
  timeScale: number;
  caPerSecond?: number; // default 1
  caBurst?: number; // default 1
  appPer10s?: number; // default 130,000
}

export class Throttler {
  private ca = new Map<string, TokenBucket>();
  private apps = new Map<string, TokenBucket>();
  readonly caRefillMs: number;
  private readonly caBurst: number;
  private readonly appRefillMs: number;
  private readonly appCapacity: number;

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.caRefillMs = (1000 / (options.caPerSecond ?? 1)) * options.timeScale;
    this.caBurst = options.caBurst ?? 1;
    this.appCapacity = options.appPer10s ?? 130_000;
    this.appRefillMs = (10_000 / this.appCapacity) * options.timeScale;
  }

  /** One Conditional Access request for `tenantId`; false = answer 429 without Retry-After. */
  takeConditionalAccess(tenantId: string): boolean {
    const now = this.clock();
    let b = this.ca.get(tenantId);
    if (!b) this.ca.set(tenantId, (b = new TokenBucket(this.caBurst, this.caRefillMs, now)));
    return b.take(now);
  }

  /** One request of any kind by `appId`; false = 429 with Retry-After. */
  takeApp(appId: string): boolean {
    const now = this.clock();
    let b = this.apps.get(appId);
    if (!b) this.apps.set(appId, (b = new TokenBucket(this.appCapacity, this.appRefillMs, now)));
    return b.take(now);
  }

  clear() {
    this.ca.clear();
    this.apps.clear();
  }
}
