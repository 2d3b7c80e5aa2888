// Cancel mid-run. No write starts after cancel is acknowledged, the run
// ends cancelled, and the run says which tenants were not done.
import { describe, expect, it } from "vitest";
import { cancelRun, NOT_STARTED } from "./cancel";
import { confirmRun } from "./confirm";
import { runView } from "./run-view";
import { ENABLED_ONLY, OPERATOR, previewFleet, useBulkStack, waitFor } from "../../testing/bulk/local-stack";

// Slow enough (10 CA requests per second per tenant) that the run is mid-way when cancelled.
const TIME_SCALE = 0.1;

describe("cancelling a bulk run", () => {
  const stack = useBulkStack({ tenants: 20, seed: 1, timeScale: TIME_SCALE, exclude: ["large", "gdap-read-only"] });

  it("starts no write after the acknowledgement and ends the run cancelled, naming the tenants not done", async () => {
    const { prisma, queue, em } = stack;
    await stack.startInProcessWorker({ concurrency: 2, timing: { heartbeatMs: 200, staleMs: 3_000, retryDelayMs: 300 } });
    // Disabled and report-only policies too: more writes per tenant, so a tenant is stopped part-way.
    const options = { ...ENABLED_ONLY, includeDisabledAndReportOnly: true };
    const { runId } = await previewFleet(stack, options);

    await confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    // Mid-run: the first write has been answered, its tenant has more to write, others wait.
    const runSeq = em.log.lastSeq();
    await waitFor(
      "the first write",
      async () => em.log.list({ method: "PATCH", sinceSeq: runSeq }).length,
      (n) => n >= 1,
    );
    const { acknowledgedAt, notDone } = await cancelRun({ prisma, runId, by: OPERATOR.upn });
    const ackSeq = em.log.lastSeq();

    const run = await waitFor(
      "the cancelled run",
      () => runView(prisma, runId),
      (v) => v?.ended === true,
    );
    expect(run).toMatchObject({ status: "cancelled", cancelRequestedBy: OPERATOR.upn });
    expect(Date.parse(run!.cancelRequestedAt!)).toBeLessThanOrEqual(acknowledgedAt.getTime());

    // Nothing written after the acknowledgement (the log stamps each request when it is answered).
    const lateWrites = em.log.list({ method: "PATCH" }).filter((e) => Date.parse(e.timestamp) > acknowledgedAt.getTime() || e.seq > ackSeq);
    expect(lateWrites).toEqual([]);

    // Tenants that never started: cancelled without a single Graph request after the acknowledgement.
    const notStarted = run!.tenants.filter((t) => t.error === NOT_STARTED);
    expect(notStarted.length).toBeGreaterThan(0);
    for (const t of notStarted) {
      expect(t).toMatchObject({ status: "cancelled", applied: 0, startedAt: null });
      expect(em.log.list({ tenantId: t.tenantId, sinceSeq: ackSeq })).toEqual([]);
    }
    // Whatever was not done says so, and the run's summary names every such tenant.
    const cancelled = run!.tenants.filter((t) => t.status === "cancelled");
    for (const t of cancelled)
      expect(t.error).toMatch(
        /^(Not done: the run was cancelled|(Partly|Not) done: \d+ polic(y was|ies were) not written because the run was cancelled by operator@)/,
      );
    expect(run!.summary).toMatch(new RegExp(`^Cancelled by ${OPERATOR.upn.replace(/\./g, "\\.")}; ${cancelled.length} tenant\\(s\\) not done: `));
    for (const t of cancelled) expect(run!.summary).toContain(t.displayName);
    expect(notDone.map((t) => t.tenantId).sort()).toEqual(expect.arrayContaining(notStarted.map((t) => t.tenantId).sort()));
    // The tenant that was writing stopped before its next PATCH (refused by the guard after its pacer turn, or before the policy).
    expect(cancelled.filter((t) => t.error?.startsWith("Partly done"))).not.toEqual([]);

    // History stays complete: nothing pending, every policy of a started tenant has its outcome.
    expect(await prisma.remediationChange.count({ where: { runId, result: "pending" } })).toBe(0);
    for (const t of run!.tenants.filter((x) => x.startedAt !== null)) {
      const row = await prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId: t.tenantId } } });
      const items = row.items as { policyId: string }[];
      const recorded = await prisma.remediationChange.findMany({
        where: { runId, tenantId: t.tenantId },
        select: { policyId: true, result: true, reason: true },
      });
      expect(recorded.map((r) => r.policyId).sort()).toEqual(items.map((i) => i.policyId).sort());
      for (const r of recorded.filter((x) => x.result === "skipped")) expect(r.reason).toMatch(/^Not written: the run was cancelled/);
    }

    // Cancelling again only acknowledges again.
    await expect(cancelRun({ prisma, runId, by: OPERATOR.upn })).resolves.toMatchObject({ notDone: expect.any(Array) });
  });
});
