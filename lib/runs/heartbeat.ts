// A working job proves it is alive by refreshing its row every few seconds; the recovery sweep
// re-sends the work of rows whose heartbeat stopped (recovery.ts).
import type { PrismaClient } from "../db/generated/client";

/** Runs `beat` every `everyMs` while `work` runs (errors of a beat are reported, not thrown). */
export async function withHeartbeat<T>(everyMs: number, beat: () => Promise<unknown>, work: () => Promise<T>, onError: (error: unknown) => void): Promise<T> {
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beat().catch(onError);
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await beating; // a beat still in flight must not land after the caller's final update
  }
}

/**
 * The database's clock. Heartbeats are written and judged with it, not with each worker's clock:
 * with workers on several machines, a skewed clock would make a live row look dead (and re-sent
 * while it is being fixed) or a dead one look alive.
 */
export async function dbNow(prisma: PrismaClient): Promise<Date> {
  const rows = await prisma.$queryRaw<{ now: Date }[]>`select now() as now`;
  const now = rows[0]?.now;
  if (!(now instanceof Date)) throw new Error("select now() returned no time");
  return now;
}
