// The per-tenant pacer for Conditional Access requests. Graph allows 1 request per second per tenant
// for ALL apps on /identity/conditionalAccess/* and answers 429 WITHOUT Retry-After beyond it, so
// waiting before sending is far better than retrying after.
//
// A token bucket of capacity 1 refilled at `ratePerSecond`, with one refinement: the refill for the
// next request starts when the previous request of that tenant was ANSWERED, not when it was sent.
// Graph counts a request when it arrives, somewhere between our send and its answer; spacing sends
// by exactly 1/rate lets network and TLS jitter bring two arrivals closer than 1/rate (the local
// cloud, strict like Graph, then answers 429). Counting from the answer makes the spacing at Graph
// at least 1/rate whatever the latency, at the cost of one round trip per request (≈ 1.2 s instead
// of 1 s per request to one tenant; tenants run in parallel). Hence one CA request in flight per
// tenant: waiting requests queue first in, first out. N requests to one tenant take ≈ N/rate plus
// their round trips; tenants never wait on each other (one pacer per tenant, in a process-wide
// registry so every TenantGraph of a tenant shares it).
//
// This is the first stage, inside one process. Graph's limit is for all apps and processes together,
// so the head of each tenant's queue then waits for the tenant's turn across processes
// (shared-pace.ts, kept in Postgres by postgres-pace-store.ts); see README.md.
// Source of the limit and of the missing Retry-After: Microsoft Graph service-specific throttling
// limits, "Identity protection and conditional access service limits"
// (https://learn.microsoft.com/graph/throttling-limits#identity-protection-and-conditional-access-service-limits);
// the local cloud copies it in emulator/graph/throttle.ts.

export interface Clock {
  now(): number; // milliseconds, monotonic
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms)))),
};

/** Call once the request's answer arrived (or it failed); later calls are ignored. */
export type Release = () => void;

/** What the Graph middleware waits on before each Conditional Access attempt to one tenant. */
export interface TenantPace {
  /** Resolves when the request may be sent; call the release when its answer arrived. */
  acquire(): Promise<Release>;
}

export class Pacer implements TenantPace {
  /** The least time from one answer to the next send: 1000 / ratePerSecond. */
  readonly intervalMs: number;
  private tail: Promise<void> = Promise.resolve();
  private lastAnswer = Number.NEGATIVE_INFINITY;
  private waiting = 0;

  constructor(
    readonly ratePerSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Requests currently waiting for their turn. */
  get queued(): number {
    return this.waiting;
  }

  /**
   * Resolves when this request may be sent (FIFO); the caller must call the returned release when
   * the answer arrived (in a finally), which starts the next request's interval.
   */
  async acquire(): Promise<Release> {
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    this.waiting += 1;
    try {
      await previous;
      // Timers may fire a little early (millisecond granularity): check again until the time is up.
      for (let wait = this.lastAnswer + this.intervalMs - this.clock.now(); wait > 0; wait = this.lastAnswer + this.intervalMs - this.clock.now()) {
        await this.clock.sleep(wait);
      }
    } catch (err) {
      done();
      throw err;
    } finally {
      this.waiting -= 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.lastAnswer = this.clock.now();
      done();
    };
  }

  /** Runs `send` in its turn and releases when it settles. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await send();
    } finally {
      release();
    }
  }
}

/** One pacer per tenant (and rate), shared by everything in this process that talks to the tenant. */
export class PacerRegistry {
  private readonly pacers = new Map<string, Pacer>();

  constructor(private readonly clock: Clock = realClock) {}

  for(tenantId: string, ratePerSecond: number): Pacer {
    const key = `${tenantId.toLowerCase()}|${ratePerSecond}`;
    let pacer = this.pacers.get(key);
    if (!pacer) this.pacers.set(key, (pacer = new Pacer(ratePerSecond, this.clock)));
    return pacer;
  }
}

const holder = globalThis as unknown as { __graphPacers?: PacerRegistry };

/** The process-wide registry (kept on globalThis so Next.js dev reloads do not split it). */
export function processPacers(): PacerRegistry {
  holder.__graphPacers ??= new PacerRegistry();
  return holder.__graphPacers;
}

/** Graph's Conditional Access resources, which share the 1 request/second/tenant limit. */
export function isConditionalAccessPath(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split("?")[0] ?? url;
  }
  return /\/identity\/conditionalaccess(\/|$)|\/policies\/conditionalaccesspolicies(\/|$)/i.test(path);
}
