// The web process's handle on the job queue: sends jobs and reads worker liveness. Started on
// first use (never at import, so `next build` does not connect anywhere) and kept on globalThis
// because Next.js may load this module once per route bundle.
import "server-only";
import type { PgBoss } from "pg-boss";
import { config } from "../config";
import { createBoss, ensureQueues } from "./queue";

const holder = globalThis as unknown as { __portalBoss?: Promise<PgBoss> };

export function queueClient(): Promise<PgBoss> {
  holder.__portalBoss ??= (async () => {
    const boss = createBoss(config().databaseUrl, "web");
    try {
      await boss.start();
      await ensureQueues(boss); // so a send never fails because no worker has started yet
      return boss;
    } catch (err) {
      holder.__portalBoss = undefined; // let the next call try again
      throw err;
    }
  })();
  return holder.__portalBoss;
}
