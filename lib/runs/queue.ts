// How lib/runs talks to the job queue: send jobs (many at once, with a priority and an optional
// delay) and ask which jobs of a run are still waiting or running. An interface so the web
// process, the worker and tests each hand in their pg-boss (or a fake).
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { databaseUrlOf } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { createBoss, ensureQueues, QUEUES } from "../jobs/queue";

export const RUN_QUEUES = { previewTenant: QUEUES.runPreviewTenant, tenant: QUEUES.runTenant } as const;

const uuid = z.uuid().transform((id) => id.toLowerCase());

/** What both run jobs carry: the run and the tenant (everything else is read from the database when the job runs). */
export const tenantJob = z.strictObject({ runId: uuid, tenantId: uuid });
export type TenantJob = z.output<typeof tenantJob>;

export interface RunJob {
  data: TenantJob;
  /** Higher runs first. */
  priority?: number;
  /** Not before this many milliseconds from now. */
  startAfterMs?: number;
}

export interface LiveJob {
  data: unknown;
  state: "created" | "retry" | "active";
  /** When an active job was fetched by a worker. */
  startedOn: Date | null;
}

export interface RunQueue {
  send(queue: string, jobs: readonly RunJob[]): Promise<void>;
  /** Jobs of `queue` whose data contains `match` and that have not ended. */
  liveJobs(queue: string, match: Record<string, unknown>): Promise<LiveJob[]>;
}

/**
 * pg-boss retries a job whose handler threw (a database blip); the handlers are idempotent (they
 * claim their row first), so a retry is safe. Transient Graph failures are retried by the handlers
 * themselves, with the reason recorded.
 */
const RETRY = { retryLimit: 2, retryDelay: 5, retryBackoff: true } as const;
/** pg-boss's insert takes this many jobs per statement comfortably. */
const CHUNK = 1000;

export function pgBossQueue(boss: PgBoss): RunQueue {
  return {
    async send(queue, jobs) {
      for (let i = 0; i < jobs.length; i += CHUNK) {
        const chunk = jobs.slice(i, i + CHUNK).map((job) => ({
          data: job.data,
          priority: job.priority ?? 0,
          ...(job.startAfterMs ? { startAfter: new Date(Date.now() + job.startAfterMs) } : {}),
          ...RETRY,
        }));
        await boss.insert(queue, chunk);
      }
    },
    async liveJobs(queue, match) {
      const jobs = await boss.findJobs(queue, { data: match, limit: 100_000 });
      return jobs
        .filter((job) => job.state === "created" || job.state === "retry" || job.state === "active")
        .map((job) => ({ data: job.data, state: job.state as LiveJob["state"], startedOn: job.startedOn ?? null }));
    },
  };
}

const holder = globalThis as unknown as { __runQueues?: Map<string, Promise<PgBoss>> };

/**
 * A queue on the database a Prisma client uses, for callers that have no pg-boss of their own
 * (the web process, scripts, the benchmark). One per database per process, started on first use.
 */
export async function queueFor(prisma: PrismaClient): Promise<RunQueue> {
  const url = databaseUrlOf(prisma);
  const bosses = (holder.__runQueues ??= new Map());
  let boss = bosses.get(url);
  if (!boss) {
    boss = (async () => {
      const b = createBoss(url, "web");
      await b.start();
      await ensureQueues(b);
      return b;
    })();
    boss.catch(() => bosses.delete(url));
    bosses.set(url, boss);
  }
  return pgBossQueue(await boss);
}

/**
 * Stops the queue `queueFor` started on this database, if any. Whoever removes a database (a test's
 * scratch database, the benchmark's) calls it first: pg-boss's pool would otherwise meet the server
 * ending its connections and log that as an error ("terminating connection due to administrator command").
 */
export async function closeRunQueue(databaseUrl: string): Promise<void> {
  const boss = holder.__runQueues?.get(databaseUrl);
  if (!boss) return;
  holder.__runQueues!.delete(databaseUrl);
  await (await boss.catch(() => null))?.stop({ graceful: false });
}
