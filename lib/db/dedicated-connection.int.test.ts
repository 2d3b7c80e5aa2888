import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { DedicatedConnection } from "./dedicated-connection";

describe("a dedicated connection on real Postgres", () => {
  const t = useTestPrisma();
  const open: DedicatedConnection[] = [];
  const connection = (pipeline: boolean) => {
    const c = new DedicatedConnection({ databaseUrl: t.url, applicationName: "portal-test-dedicated", pipeline });
    open.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  const backend = async (c: DedicatedConnection) => (await c.query<{ pid: number }>("select pg_backend_pid() as pid", [])).rows[0]!.pid;

  it.each([false, true])("runs queries in the order they were made (pipelined: %s), each on its own, one failing alone", async (pipeline) => {
    const c = connection(pipeline);
    await c.query("create temporary table seen (n int)", []);
    const made = Array.from({ length: 50 }, (_, n) => (n === 25 ? c.query("select 1 / 0", []) : c.query("insert into seen values ($1)", [n])));
    const settled = await Promise.allSettled(made);
    expect(settled.filter((s) => s.status === "rejected")).toHaveLength(1);
    const { rows } = await c.query<{ n: number }>("select n from seen", []);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, n) => n).filter((n) => n !== 25));
  });

  it("opens a new connection (a new generation) after drop(), and the old one's end does not forget it", async () => {
    const c = connection(true);
    const first = await backend(c);
    const before = c.generation;
    c.drop();
    const second = await backend(c);
    expect(second).not.toBe(first);
    expect(c.generation).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the dropped connection's "end" has come by now
    expect(c.isOpen(c.generation)).toBe(true);
    expect(await backend(c)).toBe(second);
  });

  it("tells the holder when its connection dies, and closes only after the queries already made", async () => {
    const lost: unknown[] = [];
    const c = new DedicatedConnection({ databaseUrl: t.url, applicationName: "portal-test-dedicated", onLost: (err) => lost.push(err) });
    const pid = await backend(c);
    const generation = c.generation;
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
    await expect.poll(() => c.isOpen(generation)).toBe(false);
    expect(lost).toHaveLength(1);
    const slow = c.query("select pg_sleep(0.2)", []);
    await c.close();
    await expect(slow).resolves.toMatchObject({ rows: [expect.anything()] });
  });
});
