// A scratch database whose run queue this process started (the bench's and many tests' case) is
// dropped quietly: the queue is stopped first, so pg-boss's pool does not meet the server ending its
// connections and log "terminating connection due to administrator command" at error level (what
// `npm run bench:bulk` printed after every successful run).
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createBoss, ensureQueues } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { queueFor } from "@/lib/runs/queue";
import { freshDatabase } from "./database";

describe("dropping a scratch database", () => {
  it("stops this process's run queue on it first, so nothing is logged as an error", async () => {
    const db = await freshDatabase();
    const prisma = createPrismaClient(db.url);
    // A worker installs pg-boss's schema (the web role only sends), then leaves.
    const installer = createBoss(db.url, "worker");
    await installer.start();
    await ensureQueues(installer);
    await installer.stop({ graceful: false });
    const queue = await queueFor(prisma);
    // A job for a tenant of no run: nobody takes it; the queue's pool has connections open.
    await queue.send("run.tenant", [{ data: { runId: randomUUID(), tenantId: randomUUID() } }]);
    const errors = vi.spyOn(log(), "error");
    await prisma.$disconnect();
    await db.drop();
    await sleep(1000); // the pool's idle clients hear of the drop asynchronously
    expect(errors.mock.calls.map((c) => JSON.stringify(c).slice(0, 300))).toEqual([]);
  });
});
