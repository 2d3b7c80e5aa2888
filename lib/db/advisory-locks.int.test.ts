import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { AdvisoryLockSession } from "./advisory-locks";

// Two sessions stand for two worker processes: each has its own lock connection.
describe("advisory lock sessions on real Postgres", () => {
  const t = useTestPrisma();
  const sessions: AdvisoryLockSession[] = [];
  const session = () => {
    const s = new AdvisoryLockSession(t.url);
    sessions.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  const key = () => ({ namespace: 7, key: randomUUID() });

  it("one holder at a time, across processes and inside one", async () => {
    const [a, b] = [session(), session()];
    const k = key();
    const held = await a.tryLock(k);
    expect(held).not.toBeNull();
    expect(await a.tryLock(k)).toBeNull(); // re-entrant in Postgres, refused here
    expect(await b.tryLock(k)).toBeNull();
    await a.unlock(k, held!.generation);
    expect(await b.tryLock(k)).not.toBeNull();
  });

  it("many locks cost one connection", async () => {
    const a = session();
    const taken = await Promise.all(Array.from({ length: 200 }, () => a.tryLock(key())));
    expect(taken.every((x) => x !== null)).toBe(true);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where application_name = 'portal-locks' and datname = current_database()",
      );
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await admin.end();
    }
  });

  it("a lock whose connection dies (a killed worker) is released, and its holder is told", async () => {
    const [a, b] = [session(), session()];
    const k = key();
    const held = await a.tryLock(k);
    expect(a.stillHeld(held!.generation)).toBe(true);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'portal-locks' and datname = current_database()");
    } finally {
      await admin.end();
    }
    await expect.poll(() => a.stillHeld(held!.generation)).toBe(false);
    expect(await b.tryLock(k)).not.toBeNull();
    // The first session reconnects for its next lock.
    expect(await a.tryLock(key())).not.toBeNull();
  });
});
