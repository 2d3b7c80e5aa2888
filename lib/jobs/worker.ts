// A worker process: starts pg-boss (creating or upgrading its schema) and runs every job handler it
// is given (lib/jobs/handlers.ts lists the portal's).
//
// Each queue has one fetch loop that keeps up to `concurrency` jobs running, fetching as many as
// there are free slots in one query. pg-boss's own work() polls once per concurrent slot, which at
// the hundreds of concurrent tenants a bulk run needs would be hundreds of polls a second while idle.
import { hostname } from "node:os";
import type { Job, JobAttempt, PgBoss } from "pg-boss";
import { closeLockSessions } from "../db/advisory-locks";
import { closeSharedPaces } from "../graph/postgres-pace-store";
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

const IDLE_POLL_MS = 500;
/** Which process ran a job, kept in its output in pg-boss's table: with workers on several machines, an operator (and the production test) can tell. */
const WORKER = { host: hostname(), pid: process.pid };
/** Most jobs fetched in one query. */
const MAX_BATCH = 100;
/**
 * With only a few slots free among many (fewer than a quarter of a batch), the loop waits this long
 * before fetching, so the jobs that end meanwhile are refilled by the same query: a bulk run ends
 * dozens of tenants a second, and a fetch per ended job was a tenth of the worker's statements.
 * Short beside any job that runs many at once (a tenant's fix takes seconds at Graph's pace).
 */
const GATHER_MS = 100;

/** How long a stopping worker waits for its jobs in flight. */
const DRAIN_MS = 30_000;

export async function startWorker(databaseUrl: string, handlersFor: (boss: PgBoss) => JobHandler[] = () => [heartbeatHandler]): Promise<RunningWorker> {
  const boss = createBoss(databaseUrl, "worker");
  await boss.start({ attempts: 5 });
  await ensureQueues(boss);
  const handlers = handlersFor(boss);
  const loops = handlers.map((h) => new FetchLoop(boss, h));
  for (const loop of loops) loop.start();
  log().info({ queues: handlers.map((h) => `${h.queue}×${h.concurrency}`) }, "worker started");
  return {
    boss,
    async stop() {
      // A tenant's job paces its requests at 1 per second (its writes, then the proof of access after
      // them): 30 s lets the jobs in flight finish, as a load balancer's usual grace period allows.
      await Promise.all(loops.map((loop) => loop.stop(DRAIN_MS)));
      await boss.stop({ graceful: true, timeout: DRAIN_MS });
      await Promise.all([closeLockSessions(), closeSharedPaces()]);
      log().info("worker stopped");
    },
  };
}

/**
 * Jobs ending within GATHER_MS with the same output are completed in one statement (pg-boss takes a
 * list of attempts with one output): a bulk run ends dozens of tenants a second with a handful of
 * outcomes, and a statement per job was one of the thirty or so each tenant costs. Each job's slot
 * stays taken until its completion is recorded, so a stopping worker drains them with its jobs.
 */
class Completions {
  private readonly waiting = new Map<string, { attempts: JobAttempt[]; data: object; settle: ((err?: unknown) => void)[] }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly boss: PgBoss,
    private readonly queue: string,
  ) {}

  complete(attempt: JobAttempt, data: object): Promise<void> {
    const key = JSON.stringify(data);
    let group = this.waiting.get(key);
    if (!group) this.waiting.set(key, (group = { attempts: [], data, settle: [] }));
    group.attempts.push(attempt);
    const done = new Promise<void>((resolve, reject) => group.settle.push((err) => (err === undefined ? resolve() : reject(err))));
    if (group.attempts.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
    return done;
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const groups = [...this.waiting.values()];
    this.waiting.clear();
    for (const { attempts, data, settle } of groups) {
      this.boss.complete(this.queue, attempts, data).then(
        () => settle.forEach((s) => s()),
        (err: unknown) => settle.forEach((s) => s(err ?? new Error("could not complete the jobs"))),
      );
    }
  }
}

class FetchLoop {
  private readonly active = new Set<Promise<void>>();
  private readonly completions: Completions;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly boss: PgBoss,
    private readonly handler: JobHandler,
  ) {
    this.completions = new Completions(boss, handler.queue);
  }

  start() {
    this.loop = this.run();
  }

  /** No new job starts; running ones get `graceMs` to finish (an unfinished one is redelivered after it expires). */
  async stop(graceMs: number) {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await Promise.race([Promise.all(this.active), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }

  private async run() {
    const { queue, concurrency } = this.handler;
    while (!this.stopping) {
      const free = concurrency - this.active.size;
      if (free <= 0) {
        await this.sleep(IDLE_POLL_MS); // woken as soon as a job ends
        continue;
      }
      if (free < Math.min(concurrency, MAX_BATCH) / 4) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
      if (this.stopping) break;
      let jobs: Job<unknown>[] = [];
      try {
        jobs = await this.boss.fetch<unknown>(queue, { batchSize: Math.min(concurrency - this.active.size, MAX_BATCH) });
      } catch (err) {
        if (!this.stopping) log().error({ err, queue }, "could not fetch jobs");
      }
      for (const job of jobs) this.track(job);
      if (jobs.length === 0) await this.sleep(IDLE_POLL_MS);
    }
  }

  private track(job: Job<unknown>) {
    const { queue } = this.handler;
    const attempt = { id: job.id, retryCount: job.retryCount };
    const done = (async () => {
      try {
        const output = await this.handler.run(job.data);
        await this.completions.complete(attempt, { ...toObject(output), worker: WORKER });
      } catch (err) {
        log().error({ err, queue, jobId: job.id }, "job failed");
        await this.boss
          .fail(queue, attempt, { message: err instanceof Error ? err.message : String(err) })
          .catch((e: unknown) => log().error({ err: e, queue, jobId: job.id }, "could not record the job's failure"));
      }
    })().finally(() => {
      this.active.delete(done);
      this.wake?.();
    });
    this.active.add(done);
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = finish;
    });
  }
}

function toObject(output: unknown): object | null {
  if (output === undefined || output === null) return null;
  return typeof output === "object" ? (output as object) : { value: output };
}
