// One pace per tenant across OS processes: child processes (testing/graph/pace-client.ts) send to
// one tenant through lib/graph's Pacer and the shared pace on a real Postgres, at a scaled rate.
// Their recorded sends and answers (one machine, one clock) must never come closer than the
// interval, and a holder killed with SIGKILL must not block the tenant.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { PostgresPaceStore } from "./postgres-pace-store";

const RATE = 20; // requests per second per tenant: 50 ms apart
const INTERVAL_MS = 1000 / RATE;

interface Child {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  /** Resolves with the first line matching, or rejects when the child exits first. */
  line(pattern: RegExp): Promise<string>;
}

describe("the shared pace across processes", () => {
  const t = useTestPrisma();
  const children: Child[] = [];
  afterEach(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
    await Promise.all(children.splice(0).map((c) => c.exited));
  });

  function client(...args: string[]): Child {
    const proc = spawn(process.execPath, ["--import", "tsx", "testing/graph/pace-client.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let errors = "";
    const waiters: (() => void)[] = [];
    let buffer = "";
    proc.stdout!.on("data", (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      lines.push(...parts);
      for (const wake of waiters.splice(0)) wake();
    });
    proc.stderr!.on("data", (d: Buffer) => (errors += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    const child: Child = {
      proc,
      lines,
      exited,
      async line(pattern) {
        for (;;) {
          const found = lines.find((l) => pattern.test(l));
          if (found) return found;
          const ended = await Promise.race([new Promise<false>((resolve) => waiters.push(() => resolve(false))), exited.then(() => true)]);
          if (ended && !lines.some((l) => pattern.test(l))) throw new Error(`pace-client exited without ${pattern}:\n${lines.join("\n")}\n${errors}`);
        }
      },
    };
    children.push(child);
    return child;
  }

  it("keeps every send of two processes one interval after the previous answer, and both get turns", async () => {
    const tenant = randomUUID();
    const a = client("run", t.url, tenant, String(RATE), "20", "a");
    const b = client("run", t.url, tenant, String(RATE), "20", "b");
    await Promise.all([a.line(/^DONE$/), b.line(/^DONE$/)]);
    const sent = [...a.lines, ...b.lines]
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { name: string; send: number; answer: number })
      .sort((x, y) => x.send - y.send);
    expect(sent).toHaveLength(40);
    expect([...a.lines, ...b.lines].filter((l) => l.startsWith("WARN"))).toEqual([]); // the database was there all along
    const gaps = sent.slice(1).map((s, i) => s.send - sent[i]!.answer);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS);
    // They really shared the tenant: the turn went from one process to the other many times.
    const switches = sent.slice(1).filter((s, i) => s.name !== sent[i]!.name).length;
    expect(switches).toBeGreaterThanOrEqual(10);
  }, 30_000);

  it("does not let a SIGKILLed holder block the tenant", async () => {
    const tenant = randomUUID();
    const holder = client("hold", t.url, tenant, String(RATE));
    await holder.line(/^HOLDING$/);
    const other = new PostgresPaceStore(t.url);
    try {
      expect(await other.tryAcquire(tenant, INTERVAL_MS)).toBeNull(); // held across processes
      holder.proc.kill("SIGKILL");
      await holder.exited;
      const killedAt = performance.now();
      let turn = await other.tryAcquire(tenant, INTERVAL_MS);
      while (!turn && performance.now() - killedAt < 5_000) turn = await other.tryAcquire(tenant, INTERVAL_MS);
      expect(turn).not.toBeNull();
      expect(performance.now() - killedAt).toBeLessThan(1_000); // Postgres released it with the connection
      expect(turn!.waitMs).toBeLessThanOrEqual(INTERVAL_MS);
    } finally {
      await other.close();
    }
  }, 30_000);
});
