// A worker process: starts pg-boss (creating or upgrading its schema) and registers every job
// handler it is given (lib/jobs/handlers.ts lists the portal's).
import type { PgBoss } from "pg-boss";
import { log } from "../log";
import { QUEUES, createBoss, ensureQueues } from "./queue";

export interface JobHandler {
  queue: string;
  /** How many jobs of this queue one worker process runs at once. */
  concurrency: number;
  run(data: unknown): Promise<unknown>;
}

/** Lets tests and operators prove end to end that some worker is draining the queue. */
export const heartbeatHandler: JobHandler = { queue: QUEUES.heartbeat, concurrency: 1, run: async (data) => ({ echo: data, pid: process.pid }) };

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startWorker(databaseUrl: string, handlersFor: (boss: PgBoss) => JobHandler[] = () => [heartbeatHandler]): Promise<RunningWorker> {
  const boss = createBoss(databaseUrl, "worker");
  await boss.start({ attempts: 5 });
  await ensureQueues(boss);
  const handlers = handlersFor(boss);
  for (const h of handlers) {
    await boss.work(h.queue, { localConcurrency: h.concurrency, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      const results = [];
      for (const job of jobs) results.push(await h.run(job.data));
      return results.length === 1 ? results[0] : results;
    });
  }
  log().info({ queues: handlers.map((h) => h.queue) }, "worker started");
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
      log().info("worker stopped");
    },
  };
}
