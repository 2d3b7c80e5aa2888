// With 10 % of Graph requests failing (503) and a 429 storm on some
// tenants, the run still fixes every reachable tenant: lib/graph retries within its budget, and a
// tenant that ran out of it gets one more attempt after a delay.
import { describe, expect, it } from "vitest";
import { confirmRun } from "./confirm";
import { runView } from "./run-view";
import { ENABLED_ONLY, OPERATOR, previewFleet, policyPatches, useBulkStack, waitFor } from "../../testing/bulk/local-stack";

const TIME_SCALE = 0.02;
/**
 * Local-cloud seconds of the storm (scaled: 5 s here): longer than lib/graph's per-request retry
 * budget in these tests, and than the stormed tenants take to start even on a busy machine.
 */
const STORM_SECONDS = 250;

describe("a bulk run under injected faults", () => {
  const stack = useBulkStack({ tenants: 20, seed: 1, timeScale: TIME_SCALE, exclude: ["large", "gdap-read-only"] });

  it("fixes every reachable tenant despite 10 % 5xx and a 429 storm", async () => {
    const { prisma, queue, em } = stack;
    await stack.startInProcessWorker({ concurrency: 4, timing: { heartbeatMs: 200, staleMs: 3_000, retryDelayMs: 6_000 } });
    const options = { ...ENABLED_ONLY, includeDisabledAndReportOnly: true };
    const { runId, preview } = await previewFleet(stack, options);
    const planned = preview!.tenants.filter((t) => t.toChange > 0).sort((a, b) => b.toChange - a.toChange);
    const toChange = planned.reduce((sum, t) => sum + t.toChange, 0);

    // The two busiest tenants start first, straight into the storm.
    const stormed = planned.slice(0, 2).map((t) => t.tenantId);
    em.faults.set(undefined, { errorRate: 0.1 });
    for (const tenantId of stormed) em.faults.set(tenantId, { storm429Seconds: STORM_SECONDS });
    const seq = em.log.lastSeq();
    await confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    const run = await waitFor(
      "the run",
      () => runView(prisma, runId),
      (v) => v?.ended === true,
      50_000,
    );
    em.faults.clear();

    const seen = em.log.list({ sinceSeq: seq });
    expect(seen.filter((e) => e.status === 503).length).toBeGreaterThan(0);
    for (const tenantId of stormed) expect(seen.filter((e) => e.tenantId === tenantId && e.status === 429).length).toBeGreaterThan(0);

    expect(run!.tenants.filter((t) => t.status !== "succeeded").map((t) => [t.displayName, t.status, t.error])).toEqual([]);
    expect(run).toMatchObject({ status: "succeeded", summary: null });
    expect(run!.tenantsByStatus).toEqual({ queued: 0, running: 0, succeeded: planned.length, failed: 0, cancelled: 0 });
    expect(run!.policies).toMatchObject({ applied: toChange, failed: 0, pending: 0 });
    // The stormed tenants needed their second attempt; it redid only what the first had not settled.
    for (const tenantId of stormed) {
      const row = await prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } });
      expect(row).toMatchObject({ status: "succeeded", attempts: 2, error: null });
    }

    // Each planned policy was written successfully exactly once (retried attempts are 429/503s).
    const patches = policyPatches(em, seq);
    expect(patches.size).toBe(toChange);
    for (const [policy, sent] of patches)
      expect(
        sent.filter((s) => s.status === 204),
        policy,
      ).toHaveLength(1);
    expect(await prisma.remediationChange.count({ where: { result: "pending" } })).toBe(0);
  });
});
