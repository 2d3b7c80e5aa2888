// What both benches do with a fleet: wait for a condition while saying how far it got, and sync
// every tenant through the worker as "Sync all" does.
import { createBoss, ensureQueues, QUEUES } from "@/lib/jobs/queue";
import type { BenchStack } from "./stack";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function waitUntil<T>(
  say: (line: string) => void,
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  progress: (value: T) => string,
  timeoutMs: number,
  pollMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastSaid = 0;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not finish within ${seconds(timeoutMs)}: ${progress(value)}`);
    if (Date.now() - lastSaid > 10_000) {
      say(`${what}: ${progress(value)}`);
      lastSaid = Date.now();
    }
    await sleep(pollMs);
  }
}

/** The worker installs the queue's schema; the bench's sender waits for it. */
export async function startSender(databaseUrl: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const boss = createBoss(databaseUrl, "web");
    try {
      await boss.start();
      await ensureQueues(boss); // the worker may not have made them yet
      return boss;
    } catch (error) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

export async function syncFleet(say: (line: string) => void, stack: BenchStack, expected: number) {
  const boss = await startSender(stack.databaseUrl);
  try {
    await boss.send(QUEUES.syncAll, { requestedBy: "bench" });
  } finally {
    await boss.stop({ graceful: false });
  }
  await waitUntil(
    say,
    "sync",
    () => stack.prisma.customerTenant.count({ where: { OR: [{ lastSyncedAt: { not: null } }, { lastSyncError: { not: null } }] } }),
    (n) => n >= expected,
    (n) => `${n} of ${expected} tenants read`,
    30 * 60_000,
  );
}
