// A real worker process (scripts/worker.ts) is SIGKILLed mid-run and
// another is started: the run completes with every tenant fixed, no policy PATCHed twice, no
// pending history row, and a finished history row for every planned policy.
import { describe, expect, it } from "vitest";
import { RECONCILED_APPLIED, RECONCILED_FAILED } from "../remediation";
import { confirmRun } from "./confirm";
import { runView } from "./run-view";
import { ENABLED_ONLY, OPERATOR, previewFleet, policyPatches, useBulkStack, waitFor } from "../../testing/bulk/local-stack";

// 10 CA requests per second per tenant: slow enough to kill the worker mid-run.
const TIME_SCALE = 0.1;

/** A wait that fails saying what it waited for, instead of running into the test's timeout. */
async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("a worker killed mid-run", () => {
  const stack = useBulkStack({ tenants: 20, seed: 1, timeScale: TIME_SCALE, exclude: ["large", "gdap-read-only"] });

  it("is taken over by another worker: every tenant fixed, no duplicate PATCH, complete history", async () => {
    const { prisma, queue, em } = stack;
    const first = stack.spawnWorker({ concurrency: 3 });
    const options = { ...ENABLED_ONLY, includeDisabledAndReportOnly: true };
    const { runId, preview } = await previewFleet(stack, options, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${first.output()}`);
    });

    const seq = em.log.lastSeq();
    await confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    // Kill it while it is writing: a PATCH of the run answered, and a written policy not yet verified (pending).
    await waitFor(
      "a tenant mid-way (a PATCH answered and a pending row)",
      async () => ({
        patches: em.log.list({ method: "PATCH", sinceSeq: seq }).length,
        pending: await prisma.remediationChange.count({ where: { runId, result: "pending" } }),
      }),
      (s) => s.patches >= 1 && s.pending >= 1,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${first.output()}`);
    });
    first.proc.kill("SIGKILL");
    await within("the SIGKILLed worker's exit", 10_000, first.exited);
    const orphaned = await prisma.runTenant.findMany({ where: { runId, status: "running" }, select: { tenantId: true } });
    expect(orphaned.length).toBeGreaterThan(0);
    const leftPending = await prisma.remediationChange.findMany({ where: { runId, result: "pending" }, select: { id: true } });
    expect(leftPending.length).toBeGreaterThan(0);

    const second = stack.spawnWorker({ concurrency: 3 });
    const run = await waitFor(
      "the run",
      () => runView(prisma, runId),
      (v) => v?.ended === true,
      50_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${second.output()}`);
    });
    second.proc.kill("SIGTERM");

    const planned = preview!.tenants.filter((t) => t.toChange > 0);
    const toChange = planned.reduce((sum, t) => sum + t.toChange, 0);
    expect(run!.tenants.filter((t) => t.status !== "succeeded").map((t) => [t.displayName, t.status, t.error])).toEqual([]);
    expect(run).toMatchObject({ status: "succeeded", summary: null });
    expect(run!.tenantsByStatus).toEqual({ queued: 0, running: 0, succeeded: planned.length, failed: 0, cancelled: 0 });
    expect(run!.policies).toMatchObject({ applied: toChange, failed: 0, pending: 0 });
    // The tenants the killed worker was fixing were finished by a second attempt.
    for (const { tenantId } of orphaned) expect(run!.tenants.find((t) => t.tenantId === tenantId)).toMatchObject({ status: "succeeded", error: null });

    // Graph saw exactly one PATCH per planned policy: the second attempt re-read instead of re-sending.
    const patches = policyPatches(em, seq);
    expect(patches.size).toBe(toChange);
    for (const [policy, sent] of patches)
      expect(
        sent.map((s) => s.status),
        policy,
      ).toEqual([204]);

    // What the killed worker left pending was settled by re-reading, not by writing again.
    const settled = await prisma.remediationChange.findMany({ where: { id: { in: leftPending.map((p) => p.id) } } });
    for (const row of settled)
      expect([row.result, row.error]).toEqual(row.result === "applied" ? ["applied", RECONCILED_APPLIED] : ["failed", RECONCILED_FAILED]);

    // History: nothing left pending; every planned policy has an applied row, each written exactly once.
    expect(await prisma.remediationChange.count({ where: { result: "pending" } })).toBe(0);
    const applied = await prisma.remediationChange.findMany({ where: { runId, result: "applied" }, select: { tenantId: true, policyId: true } });
    expect(applied).toHaveLength(toChange);
    expect(new Set(applied.map((a) => `${a.tenantId}|${a.policyId}`))).toEqual(new Set(patches.keys()));
    // Its waits add up to more than the project's 60 s testTimeout: preview 30 s, the kill 45 s, the
    // exit 10 s, the second worker 50 s. Each fails with its own message first.
  }, 180_000);
});
