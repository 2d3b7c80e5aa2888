// The shared pace's store on real Postgres. Two stores stand for two processes: each has its own
// connection (testing/graph/pace-client.ts and shared-pace.int.test.ts use real child processes).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { PostgresPaceStore } from "./postgres-pace-store";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the shared pace's store on real Postgres", () => {
  const t = useTestPrisma();
  const stores: PostgresPaceStore[] = [];
  const store = (options: { queryTimeoutMs?: number } = {}) => {
    const s = new PostgresPaceStore(t.url, options);
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  async function admin<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  const killPaceConnections = () =>
    admin("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'portal-pace' and datname = current_database()");
  /** The tenant's "not before" minus now, both on the database clock, in ms. */
  const dueIn = async (tenant: string) =>
    Number(
      (
        await admin<{ ms: number }>(
          `select (extract(epoch from "notBefore" - clock_timestamp()) * 1000)::float8 as ms from "TenantCaPace" where "tenantId" = $1`,
          [tenant],
        )
      )[0]?.ms,
    );

  it("gives a tenant's turn to one holder at a time, and the next one waits one interval from the answer, on the database clock", async () => {
    const [a, b] = [store(), store()];
    const tenant = randomUUID();
    const turn = await a.tryAcquire(tenant, 1000);
    expect(turn).toEqual({ waitMs: 0, hold: expect.any(Number) });
    expect(await b.tryAcquire(tenant, 1000)).toBeNull();
    expect(await b.tryAcquire(randomUUID(), 1000)).not.toBeNull(); // other tenants are free
    await a.release(tenant, 1000, turn!.hold);
    const next = await b.tryAcquire(tenant, 1000); // one query after the answer: almost the whole second to wait
    expect(next!.waitMs).toBeGreaterThan(800);
    expect(next!.waitMs).toBeLessThanOrEqual(1000);
    // Taking the turn marks the request in flight: not before = its send (≈ a's answer + 1 s) + 1 s.
    expect(await dueIn(tenant)).toBeGreaterThan(1500);
  });

  it("takes the calls made while a statement is on its way together, and keeps each tenant's calls in the order they were made", async () => {
    const [a, b] = [store(), store()];
    const tenants = Array.from({ length: 40 }, () => randomUUID());
    // All asked in one go (one batch after the first), at two intervals.
    const turns = await Promise.all(tenants.map((tenant, i) => a.tryAcquire(tenant, i % 2 === 0 ? 1000 : 2000)));
    expect(turns.every((turn) => turn !== null && turn.waitMs === 0)).toBe(true);
    expect(await Promise.all(tenants.map((tenant) => b.tryAcquire(tenant, 1000)))).toEqual(tenants.map(() => null));
    // A tenant's release and its next ask made together: the ask comes after the release, so it is
    // granted, one interval after the answer (a third call of the same tenant waits behind both).
    const [first] = tenants as [string];
    const [, again] = await Promise.all([a.release(first, 1000, turns[0]!.hold), a.tryAcquire(first, 1000)]);
    expect(again!.waitMs).toBeGreaterThan(800);
    await Promise.all(tenants.slice(1).map((tenant, i) => a.release(tenant, 1000, turns[i + 1]!.hold)));
    const others = await Promise.all(tenants.slice(1).map((tenant) => b.tryAcquire(tenant, 1000)));
    expect(others.every((turn) => turn !== null && turn.waitMs > 800)).toBe(true);
    expect(await b.tryAcquire(first, 1000)).toBeNull(); // a holds it again
  });

  it("never lets two requests of one tenant closer than the interval, with two connections racing for it", async () => {
    const intervalMs = 10;
    const tenant = randomUUID();
    const sent: { send: number; answer: number }[] = [];
    const hammer = async (s: PostgresPaceStore) => {
      while (sent.length < 60) {
        const turn = await s.tryAcquire(tenant, intervalMs);
        if (!turn) {
          await sleep(1);
          continue;
        }
        const due = performance.now() + turn.waitMs;
        while (performance.now() < due) await sleep(due - performance.now());
        const send = performance.now();
        await sleep(Math.random() * 3); // the request's round trip
        sent.push({ send, answer: performance.now() });
        await s.release(tenant, intervalMs, turn.hold);
      }
    };
    await Promise.all([hammer(store()), hammer(store())]);
    sent.sort((x, y) => x.send - y.send);
    for (let i = 1; i < sent.length; i += 1) expect(sent[i]!.send - sent[i - 1]!.answer).toBeGreaterThanOrEqual(intervalMs);
  });

  it("frees a turn whose connection died (a killed process) at once, keeping the distance from its send", async () => {
    const [a, b] = [store(), store()];
    const tenant = randomUUID();
    expect(await a.tryAcquire(tenant, 1000)).not.toBeNull();
    await killPaceConnections(); // a's and b's: b reconnects for its next call
    const next = await b.tryAcquire(tenant, 1000);
    expect(next).not.toBeNull();
    expect(next!.waitMs).toBeGreaterThan(500); // a's request may still have arrived: one interval from its send
  });

  it("a release arriving after its connection was lost records the answer but unlocks nothing on the new session", async () => {
    const [a, b] = [store(), store()];
    const tenant = randomUUID();
    const old = await a.tryAcquire(tenant, 100);
    await killPaceConnections();
    const again = await a.tryAcquire(tenant, 100); // a new connection, and the turn on it
    expect(again!.hold).not.toBe(old!.hold);
    await a.release(tenant, 5_000, old!.hold);
    expect(await dueIn(tenant)).toBeGreaterThan(4_500); // recorded
    expect(await b.tryAcquire(tenant, 100)).toBeNull(); // still held by `again`
    await a.release(tenant, 100, again!.hold);
    expect(await b.tryAcquire(tenant, 100)).not.toBeNull();
  });

  it("gives up after its timeout and drops the connection, so nothing stays held", async () => {
    const tenant = randomUUID();
    const [a, b] = [store({ queryTimeoutMs: 300 }), store()];
    await b.release(tenant, 1, 0); // the row exists
    const blocker = new pg.Client({ connectionString: t.url });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query(`update "TenantCaPace" set "notBefore" = clock_timestamp() where "tenantId" = $1`, [tenant]);
      // a takes the lock, then waits for the row: timed out.
      await expect(a.tryAcquire(tenant, 100)).rejects.toThrow(/timeout/i);
    } finally {
      await blocker.query("rollback");
      await blocker.end();
    }
    await expect.poll(() => b.tryAcquire(tenant, 100).then((turn) => turn !== null)).toBe(true);
  });
});
