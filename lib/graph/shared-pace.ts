// The second stage of Conditional Access pacing: one budget per tenant for every process of the
// portal together. Graph's limit (1 request per second per tenant, for ALL apps; 429 without
// Retry-After beyond it: https://learn.microsoft.com/graph/throttling-limits#identity-protection-and-conditional-access-service-limits)
// does not care which process sent a request, and the web process (live previews) and every worker
// (fixes, bulk runs, syncs) talk to the same tenants.
//
// The turn of a tenant is kept in a store shared by all processes (postgres-pace-store.ts): at most
// one holder per tenant, and a "not before" time written when the holder's answer arrived (answer +
// interval, on the store's clock). The in-process Pacer (pacer.ts) stays the first stage, so only the
// head of this process's queue for a tenant asks the store; this class adds:
// - the wait: when the turn is free but not due, the store says how long, and the holder sleeps that
//   long; when another process holds it, poll every quarter to half interval (jittered so processes
//   do not poll in step). Polling at most every half interval loses no throughput: the holder's
//   "not before" is a whole interval after its release, so a poll lands before it is due. And the
//   releasing process waits its own interval in the Pacer before asking again, so a waiter from
//   another process gets the turn in between: processes alternate rather than one starving the rest.
// - one holder per tenant inside this process too (a Postgres session lock is re-entrant, so two
//   pacers of one tenant in this process, e.g. at two rates, must not both think they hold it).
// - what happens when the store cannot be reached: see `failed()`.
import type { Logger } from "pino";
import { realClock, type Clock, type Pacer, type Release, type TenantPace } from "./pacer";

/** A tenant's turn, taken: wait `waitMs` (≥ 0) before sending; `hold` is handed back on release. */
export interface PaceTurn {
  waitMs: number;
  hold: number;
}

/** Where the turns live. Its calls must be carried out in the order they are made. */
export interface PaceStore {
  /** Takes the tenant's turn unless another holder has it (then null). Never waits for it. */
  tryAcquire(tenantId: string, intervalMs: number): Promise<PaceTurn | null>;
  /** The answer is in: the next request may go `intervalMs` from now (the store's clock); gives the turn back. */
  release(tenantId: string, intervalMs: number, hold: number): Promise<void>;
  close(): Promise<void>;
}

export interface SharedPaceOptions {
  /** Told once when the store fails, and once when it answers again. */
  log: Pick<Logger, "warn" | "info">;
  clock?: Clock;
  /** Poll jitter source, 0..1. */
  random?: () => number;
  /** After a failure the store is left alone this long (requests are paced in this process only). */
  retryAfterMs?: number;
}

export const SHARED_PACE_RETRY_AFTER_MS = 5_000;
/** The shortest poll while another process holds a tenant's turn (tests run at high rates). */
const MIN_POLL_MS = 2;

export class SharedPace {
  private readonly clock: Clock;
  private readonly random: () => number;
  /** Per tenant, the turn of the last caller in this process (the next one waits for it). */
  private readonly local = new Map<string, Promise<void>>();
  private skipUntil = Number.NEGATIVE_INFINITY;
  private down = false;

  constructor(
    private readonly store: PaceStore,
    private readonly options: SharedPaceOptions,
  ) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
  }

  /**
   * Resolves when this process may send the tenant's next Conditional Access request; the caller
   * must call the returned release when the answer arrived (in a finally).
   */
  async acquire(tenantId: string, intervalMs: number): Promise<Release> {
    const key = tenantId.toLowerCase();
    const previous = this.local.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    this.local.set(key, mine);
    const finish = () => {
      if (this.local.get(key) === mine) this.local.delete(key);
      done();
    };
    await previous;
    let turn: PaceTurn | null;
    try {
      turn = await this.enter(key, intervalMs);
    } catch (err) {
      finish();
      throw err;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Queued on the store before the next caller here can ask it (the store keeps call order).
      if (turn) this.store.release(key, intervalMs, turn.hold).catch((err: unknown) => this.failed(err));
      finish();
    };
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  /** The tenant's turn (null: the store is down, so this process's Pacer alone paces). */
  private async enter(key: string, intervalMs: number): Promise<PaceTurn | null> {
    for (;;) {
      if (this.clock.now() < this.skipUntil) return null;
      let turn: PaceTurn | null;
      try {
        turn = await this.store.tryAcquire(key, intervalMs);
      } catch (err) {
        this.failed(err);
        return null;
      }
      this.recovered();
      if (turn) {
        // Counted from now, when the answer is here: a little later than the store computed it.
        const due = this.clock.now() + turn.waitMs;
        // Timers may fire a little early (millisecond granularity): check again until the time is up.
        for (let wait = due - this.clock.now(); wait > 0; wait = due - this.clock.now()) await this.clock.sleep(wait);
        return turn;
      }
      await this.clock.sleep(Math.max(MIN_POLL_MS, intervalMs * (0.25 + 0.25 * this.random())));
    }
  }

  /**
   * The store could not be reached (or timed out). Requests then go on, paced by this process's
   * Pacer alone, rather than failing: the shared pace exists to avoid 429s, and a 429 from Graph is
   * "not processed", so the retry handler absorbs it safely, while failing Graph requests because the
   * database blinked would break fixes half way (a PATCH answered, its verifying read refused). The
   * overshoot is bounded (each process still keeps the rate), and it is not silent: logged once per
   * outage. The store is left alone for a few seconds, so a database that hangs does not delay every
   * request by its timeout.
   */
  private failed(err: unknown) {
    this.skipUntil = this.clock.now() + (this.options.retryAfterMs ?? SHARED_PACE_RETRY_AFTER_MS);
    if (this.down) return;
    this.down = true;
    this.options.log.warn(
      { err },
      "The shared Conditional Access pace cannot reach the database: each process now paces its own requests only, so several processes together may exceed Graph's per-tenant limit (and meet 429s) until it is back.",
    );
  }

  private recovered() {
    if (!this.down) return;
    this.down = false;
    this.options.log.info("The shared Conditional Access pace reaches the database again: every process shares each tenant's pace.");
  }
}

/** The Pacer first (FIFO in this process), then the tenant's turn across processes. */
export function acrossProcesses(pacer: Pacer, shared: SharedPace, tenantId: string): TenantPace {
  return {
    async acquire() {
      const local = await pacer.acquire();
      let remote: Release;
      try {
        remote = await shared.acquire(tenantId, pacer.intervalMs);
      } catch (err) {
        local();
        throw err;
      }
      return () => {
        remote(); // before the Pacer lets this process's next request ask the store
        local();
      };
    },
  };
}
