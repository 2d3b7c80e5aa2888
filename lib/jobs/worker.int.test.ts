import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { createBoss } from "./queue";
import { startWorker, type RunningWorker } from "./worker";

describe("the worker's fetch loop on real Postgres", () => {
  let db: TestDatabase;
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    db = await freshDatabase({ migrate: false });
  });
  afterAll(async () => {
    await worker?.stop();
    await db.drop();
  });

  it("keeps exactly `concurrency` jobs running, completes each, and records failures", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    worker = await startWorker(db.url, () => [
      {
        queue: "portal.heartbeat",
        concurrency: 5,
        run: async (data) => {
          const n = (data as { n: number }).n;
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 100));
          running -= 1;
          seen.push(n);
          if (n === 13) throw new Error("thirteen is refused");
          return { doubled: n * 2 };
        },
      },
    ]);
    const sender = createBoss(db.url, "web");
    await sender.start();
    try {
      const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => sender.send("portal.heartbeat", { n }, { retryLimit: 0 })));
      await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(20);
      expect(peak).toBe(5);
      const states = async () => (await sender.findJobs("portal.heartbeat", { limit: 100 })).filter((j) => ids.includes(j.id));
      await expect.poll(async () => (await states()).filter((j) => j.state === "completed" || j.state === "failed").length, { timeout: 10_000 }).toBe(20);
      const jobs = await states();
      expect(jobs.filter((j) => j?.state === "completed")).toHaveLength(19);
      const failed = jobs.find((j) => j?.state === "failed");
      expect(failed?.data).toEqual({ n: 13 });
      expect(failed?.output).toMatchObject({ message: "thirteen is refused" });
      expect(jobs.find((j) => (j?.data as { n: number }).n === 4)?.output).toEqual({ doubled: 8, worker: { host: hostname(), pid: process.pid } }); // who ran it
    } finally {
      await sender.stop({ graceful: false });
    }
  });

  it("refills slots that end one after another with one fetch, not one fetch per ended job", async () => {
    await worker?.stop();
    const fetched: number[] = [];
    let done = 0;
    worker = await startWorker(db.url, (boss) => {
      const fetch = boss.fetch.bind(boss);
      boss.fetch = (async (...args: Parameters<typeof fetch>) => {
        const jobs = await fetch(...args);
        if (jobs.length > 0) fetched.push(jobs.length);
        return jobs;
      }) as typeof boss.fetch;
      return [
        {
          queue: "portal.heartbeat",
          concurrency: 40,
          // The first 40 end 10 ms apart, as a bulk run's tenants do; the rest at once.
          run: async (data) => {
            await new Promise((resolve) => setTimeout(resolve, 10 * Math.min((data as { n: number }).n, 40)));
            done += 1;
          },
        },
      ];
    });
    const sender = createBoss(db.url, "web");
    await sender.start();
    try {
      await sender.insert(
        "portal.heartbeat",
        Array.from({ length: 80 }, (_, n) => ({ data: { n } })),
      );
      await expect.poll(() => done, { timeout: 20_000 }).toBe(80);
      expect(fetched.reduce((a, b) => a + b, 0)).toBe(80);
      // Each ended job refetched alone would be about 40 fetches of one job; gathered, a few.
      expect(fetched.filter((n) => n === 1).length).toBeLessThan(10);
    } finally {
      await sender.stop({ graceful: false });
    }
  });
});
