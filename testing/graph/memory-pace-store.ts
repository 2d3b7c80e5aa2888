// The shared pace's store in memory, for lib/graph's unit tests: one `PaceDatabase` stands for
// Postgres, and each `MemoryPaceStore` on it for one process's connection. Same rules as
// lib/graph/postgres-pace-store.ts: one holder per tenant, "not before" advanced at acquire (the
// request in flight) and set to answer + interval at release; a killed process's holds vanish.
import type { Clock } from "@/lib/graph/pacer";
import type { PaceStore, PaceTurn } from "@/lib/graph/shared-pace";

export class PaceDatabase {
  readonly holders = new Map<string, MemoryPaceStore>();
  readonly notBefore = new Map<string, number>();
  constructor(readonly clock: Clock) {}
}

export class MemoryPaceStore implements PaceStore {
  /** Every call, in order: "acquire <tenant>" / "release <tenant>", with the clock's time. */
  readonly calls: { call: string; at: number }[] = [];
  /** Times a tenant's turn was taken again by its holder (Postgres allows it; SharedPace must not do it). */
  reentries = 0;
  /** The next this many calls fail as if the database were unreachable. */
  failing = 0;

  constructor(private readonly db: PaceDatabase) {}

  async tryAcquire(tenantId: string, intervalMs: number): Promise<PaceTurn | null> {
    const now = this.enter(`acquire ${tenantId}`);
    const holder = this.db.holders.get(tenantId);
    if (holder && holder !== this) return null;
    if (holder === this) this.reentries += 1;
    this.db.holders.set(tenantId, this);
    const due = Math.max(this.db.notBefore.get(tenantId) ?? Number.NEGATIVE_INFINITY, now);
    this.db.notBefore.set(tenantId, due + intervalMs);
    return { waitMs: due - now, hold: 0 };
  }

  async release(tenantId: string, intervalMs: number): Promise<void> {
    const now = this.enter(`release ${tenantId}`);
    this.db.notBefore.set(tenantId, Math.max(this.db.notBefore.get(tenantId) ?? Number.NEGATIVE_INFINITY, now + intervalMs));
    if (this.db.holders.get(tenantId) === this) this.db.holders.delete(tenantId);
  }

  /** The process died: its connection, and with it every turn it held, is gone. */
  kill() {
    for (const [tenant, holder] of this.db.holders) if (holder === this) this.db.holders.delete(tenant);
  }

  async close() {}

  private enter(call: string): number {
    const at = this.db.clock.now();
    this.calls.push({ call, at });
    if (this.failing > 0) {
      this.failing -= 1;
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    }
    return at;
  }
}
