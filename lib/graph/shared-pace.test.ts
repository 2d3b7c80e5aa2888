import { describe, expect, it } from "vitest";
import { FakeClock, flush } from "../../testing/graph/fake-clock";
import { MemoryPaceStore, PaceDatabase } from "../../testing/graph/memory-pace-store";
import { Pacer } from "./pacer";
import { acrossProcesses, SharedPace } from "./shared-pace";

const T = "tenant-a";

interface Sent {
  process: string;
  send: number;
  answer: number;
}

/** One portal process: its own Pacer for the tenant and its own connection to the shared store. */
function processOn(db: PaceDatabase, clock: FakeClock, name: string, ratePerSecond = 1, random = () => 0.5) {
  const store = new MemoryPaceStore(db);
  const warnings: string[] = [];
  const notices: string[] = [];
  const log = { warn: (_: object, message: string) => void warnings.push(message), info: (message: string) => void notices.push(message) };
  const shared = new SharedPace(store, { clock, random, log: log as never, retryAfterMs: 5_000 });
  const pacer = new Pacer(ratePerSecond, clock);
  const pace = acrossProcesses(pacer, shared, T);
  const sent: Sent[] = [];
  /** A Conditional Access request to the tenant answered `latencyMs` after it was sent. */
  const request = async (latencyMs = 300) => {
    const release = await pace.acquire();
    const send = clock.now();
    await clock.sleep(latencyMs);
    sent.push({ process: name, send, answer: clock.now() });
    release();
  };
  return { store, shared, pacer, pace, request, sent, warnings, notices };
}

/** Sends in time order, and for each the gap since the previous answer. */
function gaps(all: Sent[]): number[] {
  const sorted = [...all].sort((a, b) => a.send - b.send);
  return sorted.slice(1).map((s, i) => s.send - sorted[i]!.answer);
}

describe("SharedPace: one pace per tenant across processes", () => {
  it("costs two store calls per request (take the turn, give it back), in order, however many wait in the process", async () => {
    const clock = new FakeClock();
    const p = processOn(new PaceDatabase(clock), clock, "web");
    const all = [p.request(), p.request(), p.request()];
    await clock.runUntilIdle();
    await Promise.all(all);
    expect(p.store.calls.map((c) => c.call)).toEqual([`acquire ${T}`, `release ${T}`, `acquire ${T}`, `release ${T}`, `acquire ${T}`, `release ${T}`]);
    expect(gaps(p.sent)).toEqual([1000, 1000]); // the interval counts from the answer
  });

  it("keeps the interval between every answer and the next send when two processes work on one tenant, and lets them alternate", async () => {
    const clock = new FakeClock();
    const db = new PaceDatabase(clock);
    const a = processOn(db, clock, "worker-a", 1, () => 0);
    const b = processOn(db, clock, "worker-b", 1, () => 0.99);
    const start = clock.now();
    const all = [...Array.from({ length: 5 }, () => a.request(300)), ...Array.from({ length: 5 }, () => b.request(300))];
    await clock.runUntilIdle();
    await Promise.all(all);
    const sent = [...a.sent, ...b.sent].sort((x, y) => x.send - y.send);
    expect(sent).toHaveLength(10);
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(1000);
    // Neither starves: after the first, each process's next request follows one of the other's.
    expect(sent.map((s) => s.process)).toEqual([
      "worker-a",
      "worker-b",
      "worker-a",
      "worker-b",
      "worker-a",
      "worker-b",
      "worker-a",
      "worker-b",
      "worker-a",
      "worker-b",
    ]);
    // Nor is time lost to polling: ten requests take what one process alone would need for ten.
    expect(clock.now() - start).toBe(10 * 300 + 9 * 1000);
    expect(a.store.reentries + b.store.reentries).toBe(0);
  });

  it("waits exactly as long as the store says when the turn is free but not due (no polling)", async () => {
    const clock = new FakeClock();
    const db = new PaceDatabase(clock);
    db.notBefore.set(T, clock.now() + 700); // another process's answer came 300 ms ago
    const p = processOn(db, clock, "web");
    const start = clock.now();
    const done = p.request(0);
    await clock.runUntilIdle();
    await done;
    expect(p.sent[0]!.send - start).toBe(700);
    expect(p.store.calls.map((c) => c.call)).toEqual([`acquire ${T}`, `release ${T}`]);
  });

  it("polls every quarter to half interval while another process holds the turn, and sends one interval after its answer", async () => {
    const clock = new FakeClock();
    const db = new PaceDatabase(clock);
    const other = new MemoryPaceStore(db);
    expect(await other.tryAcquire(T, 1000)).toEqual({ waitMs: 0, hold: 0 });
    const p = processOn(db, clock, "web", 1, () => 1);
    const start = clock.now();
    const answered = clock.sleep(2_400).then(() => other.release(T, 1000)); // the other request is slow: 2.4 s
    const done = p.request(0);
    await clock.runUntilIdle();
    await Promise.all([answered, done]);
    expect(p.sent[0]!.send - start).toBe(2_400 + 1000);
    const polls = p.store.calls.filter((c) => c.call.startsWith("acquire")).map((c) => c.at - start);
    expect(polls).toEqual([0, 500, 1000, 1500, 2000, 2500]); // random() = 1: every half interval; the last one takes the turn
  });

  it("lets one caller of this process hold a tenant's turn at a time, even from two pacers (Postgres locks are re-entrant)", async () => {
    const clock = new FakeClock();
    const db = new PaceDatabase(clock);
    const p = processOn(db, clock, "worker");
    const otherRate = acrossProcesses(new Pacer(4, clock), p.shared, T.toUpperCase()); // same tenant, another spelling and rate
    let inFlight = 0;
    let most = 0;
    const send = async (pace: { acquire(): Promise<() => void> }) => {
      const release = await pace.acquire();
      most = Math.max(most, ++inFlight);
      await clock.sleep(100);
      inFlight -= 1;
      release();
    };
    const all = [send(p.pace), send(otherRate), send(p.pace), send(otherRate)];
    await clock.runUntilIdle();
    await Promise.all(all);
    expect(most).toBe(1);
    expect(p.store.reentries).toBe(0);
  });

  it("does not make other tenants wait while one tenant's turn is held elsewhere", async () => {
    const clock = new FakeClock();
    const db = new PaceDatabase(clock);
    await new MemoryPaceStore(db).tryAcquire(T, 1000); // held by a process that never lets go
    const p = processOn(db, clock, "web");
    const other = acrossProcesses(new Pacer(1, clock), p.shared, "tenant-b");
    const start = clock.now();
    let at = -1;
    const release = other.acquire().then((r) => {
      at = clock.now();
      r();
    });
    await clock.runUntilIdle(5_000);
    await release;
    expect(at).toBe(start);
  });

  it("takes over at once from a process that died holding a turn (its connection ended), keeping the distance from its last send", async () => {
    const clock = new FakeClock();
    const db = new PaceDatabase(clock);
    const dead = new MemoryPaceStore(db);
    await dead.tryAcquire(T, 1000); // sent at `start`, then killed before its answer
    const start = clock.now();
    const p = processOn(db, clock, "worker-b", 1, () => 1);
    const done = p.request(0);
    await clock.runUntilIdle(200);
    dead.kill();
    await clock.runUntilIdle();
    await done;
    expect(p.sent[0]!.send - start).toBe(1000); // its in-flight mark: one interval after the dead one's send
  });

  it("when the store cannot be reached: goes on paced by this process's Pacer, warns once per outage, leaves the store alone a while, says when it is back", async () => {
    const clock = new FakeClock();
    const p = processOn(new PaceDatabase(clock), clock, "worker");
    p.store.failing = 1;
    const start = clock.now();
    const first = p.request(0);
    await clock.runUntilIdle(0);
    await first;
    expect(p.sent[0]!.send).toBe(start); // not failed, not held up
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(/cannot reach the database: each process now paces its own requests only/);

    // Within the next 5 s the store is not asked; the Pacer still keeps one request per interval.
    const more = [p.request(0), p.request(0), p.request(0)];
    await clock.runUntilIdle(3_000);
    await Promise.all(more);
    expect(p.sent.map((s) => s.send - start)).toEqual([0, 1000, 2000, 3000]);
    expect(p.store.calls).toHaveLength(1);

    // Still down when asked again: no second warning.
    p.store.failing = 1;
    const again = [p.request(0), p.request(0)];
    await clock.runUntilIdle(2_000);
    await Promise.all(again);
    expect(p.warnings).toHaveLength(1);
    expect(p.store.calls).toHaveLength(2);

    // Back: shared again, and said once.
    const later = clock.sleep(5_000);
    await clock.runUntilIdle(5_000);
    await later;
    const back = p.request(0);
    await clock.runUntilIdle();
    await back;
    expect(p.notices).toEqual([expect.stringMatching(/reaches the database again/)]);
    expect(p.store.calls.slice(2).map((c) => c.call)).toEqual([`acquire ${T}`, `release ${T}`]);
  });

  it("reports a release that failed without failing the request that was answered", async () => {
    const clock = new FakeClock();
    const p = processOn(new PaceDatabase(clock), clock, "worker");
    const release = await p.pace.acquire();
    p.store.failing = 1;
    expect(() => release()).not.toThrow();
    await flush();
    expect(p.warnings).toHaveLength(1);
  });
});
