// The run jobs' safety rails on a real database with an in-memory tenant: claiming (a job
// delivered twice does the work once), the recovery sweep (re-sends exactly once), transient
// failures (a bounded second attempt), and a tenant-page run whose worker died mid-fix.
import { describe, expect, it } from "vitest";
import { applyGraphPatch } from "../ca";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { RECONCILED_APPLIED, RECONCILED_FAILED, withTenantLock } from "../remediation";
import { ID } from "../../testing/remediation/policies";
import { useTestPrisma } from "../../testing/database";
import { OPERATOR, TARGET, useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { confirmRun } from "./confirm";
import { runPreviewTenant } from "./preview-job";
import { RUN_QUEUES } from "./queue";
import { recoverRuns } from "./recovery";
import { startPreview } from "./start-preview";
import { runTenantJob } from "./tenant-job";

describe("run jobs and the recovery sweep", () => {
  const t = useTestPrisma();
  const { setup, runWithTenant, previewedRun, recordPendingMfaFix } = useInMemoryTenants(t);

  const tenantRow = (runId: string, tenantId: string) => t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } });

  it("fixes a tenant once: a second delivery of the job finds it done and calls nothing", async () => {
    const { tenantId, graph, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
    const calls = graph.calls.length;
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("not-mine");
    expect(graph.calls).toHaveLength(calls);
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "succeeded", error: null });
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "succeeded", applied: 1, attempts: 1 });
  });

  it("leaves a tenant a live attempt owns alone, and re-sends a dead attempt's tenant exactly once however many sweep", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 1, heartbeatAt: new Date() });
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("not-mine");
    expect(graph.calls).toEqual([{ method: "listPolicies" }]); // the preview in runWithTenant, nothing since

    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { heartbeatAt: new Date(Date.now() - 10_000) } });
    await Promise.all([recoverRuns(deps), recoverRuns(deps), recoverRuns(deps)]);
    expect(queue.sent).toEqual([{ queue: RUN_QUEUES.tenant, job: { data: { runId, tenantId }, priority: 1 } }]);
    expect(await runTenantJob(deps, queue.sent[0]!.job.data)).toBe("succeeded");
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "succeeded", attempts: 2 });
  });

  it("fails a tenant whose workers keep dying instead of re-sending it forever", async () => {
    const { tenantId, graph, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 5, heartbeatAt: new Date(Date.now() - 60_000) });
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
    expect(await tenantRow(runId, tenantId)).toMatchObject({
      status: "failed",
      attempts: 6,
      error: "Stopped after 5 attempts: the workers fixing this tenant kept stopping before they finished (see the worker logs).",
    });
    expect(graph.patches()).toEqual([]);
  });

  it("re-sends a queued tenant whose job is gone, not one whose job still waits", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const long = new Date(Date.now() - 5_000);
    const { runId } = await runWithTenant(tenantId, graph, { queuedAt: long });
    queue.live = [{ data: { runId, tenantId }, state: "created", startedOn: null }];
    await recoverRuns(deps);
    expect(queue.sent.filter((s) => (s.job.data as { runId: string }).runId === runId)).toEqual([]);
    // Its job still waits: it is looked at again only after queuedCheckMs.
    expect((await tenantRow(runId, tenantId)).queuedAt!.getTime()).toBeGreaterThan(long.getTime());

    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { queuedAt: long } });
    queue.live = [];
    await recoverRuns(deps);
    expect(queue.sent.filter((s) => (s.job.data as { runId: string }).runId === runId).map((s) => s.job.data)).toEqual([{ runId, tenantId }]);
    // The re-sent job does the work (and leaves nothing for later sweeps in this file).
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
  });

  it("gives a tenant held by another fix one more attempt after a delay, then fails it with the reason", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    await withTenantLock(t.prisma, tenantId, async () => {
      expect(await runTenantJob(deps, { runId, tenantId })).toBe("retrying");
      expect(await tenantRow(runId, tenantId)).toMatchObject({
        status: "queued",
        attempts: 1,
        error: expect.stringMatching(/^Trying again in 1 s: Another remediation is already running/),
      });
      expect(queue.sent).toEqual([{ queue: RUN_QUEUES.tenant, job: { data: { runId, tenantId }, startAfterMs: 1_000 } }]);
      expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
    });
    expect(await tenantRow(runId, tenantId)).toMatchObject({
      status: "failed",
      attempts: 2,
      error: expect.stringMatching(/^Another remediation is already running/),
    });
    // Nothing was written at all: the run failed; a bulk run's summary names the tenant that failed.
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: "failed",
      error: `1 tenant(s) failed: Tenant ${tenantId.slice(0, 4)}.`,
    });
    expect(graph.patches()).toEqual([]);
  });

  it("retries a tenant read that Graph throttled, and stores the readable reason when it cannot be read", async () => {
    const { tenantId, graph, deps, queue } = setup();
    await t.prisma.customerTenant.create({ data: { id: tenantId, displayName: "Throttled Ltd" } });
    const runId = await startPreview({
      prisma: t.prisma,
      queue,
      kind: "bulk-fix",
      target: TARGET,
      options: { scope: { states: "enabled" }, offerNeedsReview: false },
      requestedBy: OPERATOR,
      tenantIds: [tenantId],
    });
    expect(queue.sent).toEqual([{ queue: RUN_QUEUES.previewTenant, job: { data: { runId, tenantId }, priority: 0 } }]);
    const throttled = new GraphFailure("throttled", "Microsoft Graph kept throttling requests to this tenant (429 after retries); try again in a minute.");
    graph.failNext("listPolicies", throttled);
    expect(await runPreviewTenant(deps, { runId, tenantId })).toBe("retrying");
    expect(queue.sent.slice(1)).toEqual([{ queue: RUN_QUEUES.previewTenant, job: { data: { runId, tenantId }, startAfterMs: 1_000 } }]);
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "reading", heartbeatAt: null, message: `Trying again: ${throttled.message}` });
    graph.failNext("listPolicies", throttled);
    expect(await runPreviewTenant(deps, { runId, tenantId })).toBe("unreachable");
    expect(await tenantRow(runId, tenantId)).toMatchObject({
      status: "unreachable",
      problem: "throttled",
      message: throttled.message,
      readAttempts: 2,
    });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "previewed" });
  });

  it("re-sends a read whose worker died, and marks a preview previewed once its reads are done", async () => {
    const { tenantId, graph, deps, queue } = setup();
    await t.prisma.customerTenant.create({ data: { id: tenantId, displayName: "Read Ltd" } });
    const start = {
      prisma: t.prisma,
      queue,
      kind: "bulk-fix" as const,
      target: TARGET,
      options: { scope: { states: "enabled" as const }, offerNeedsReview: false },
      requestedBy: OPERATOR,
      tenantIds: [tenantId],
    };
    const runId = await startPreview(start);
    const reads = () => queue.sent.filter((s) => s.queue === RUN_QUEUES.previewTenant && (s.job.data as { runId: string }).runId === runId);
    // A worker claimed the read and is alive: neither a second delivery nor the sweep touches it.
    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { readAttempts: 1, heartbeatAt: new Date() } });
    expect(await runPreviewTenant(deps, { runId, tenantId })).toBe("not-mine");
    await recoverRuns(deps);
    expect(reads()).toHaveLength(1); // startPreview's

    // It died: its heartbeat goes stale, and the read is re-sent once however many sweep.
    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { heartbeatAt: new Date(Date.now() - 10_000) } });
    await Promise.all([recoverRuns(deps), recoverRuns(deps), recoverRuns(deps)]);
    expect(reads().slice(1)).toEqual([{ queue: RUN_QUEUES.previewTenant, job: { data: { runId, tenantId } } }]);
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "reading", heartbeatAt: null });
    expect(await runPreviewTenant(deps, reads()[1]!.job.data)).toBe("previewed");
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "previewed", readAttempts: 2, toChange: 1 });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "previewed" });
    expect(graph.calls).toEqual([{ method: "listPolicies" }]);

    // A read that ended without marking its run (the worker died in between): the sweep marks it.
    const second = await startPreview(start);
    await t.prisma.runTenant.updateMany({ where: { runId: second, tenantId }, data: { status: "unreachable", problem: "unknown", message: "x" } });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ status: "previewing" });
    expect(await recoverRuns(deps)).toMatchObject({ previewsCompleted: 1 });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ status: "previewed" });
  });

  it("ends a tenant-page run whose worker died: the sweep re-sends it, and the next attempt settles the pending change by re-reading", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await previewedRun(tenantId, graph, { displayName: "Orphan Inc" });
    await confirmRun({ prisma: t.prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    // A worker claimed the tenant, recorded its intent, sent the PATCH (Graph applied it) and died before verifying.
    const claimed = new Date();
    await t.prisma.remediationRun.update({ where: { id: runId }, data: { status: "running", startedAt: claimed } });
    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { status: "running", attempts: 1, heartbeatAt: claimed, startedAt: claimed } });
    const planned = await recordPendingMfaFix(graph, runId, tenantId);
    graph.edit(ID.mfaAll, applyGraphPatch(graph.policy(ID.mfaAll), planned.request!.body) as Record<string, unknown>);
    const sentBefore = queue.sent.length;

    // A live heartbeat (1 s old; staleMs is 2 s here): left alone, however long ago the run started.
    await recoverRuns(deps, new Date(claimed.getTime() + 1_000));
    expect(queue.sent).toHaveLength(sentBefore);
    expect(await t.prisma.remediationChange.findMany({ where: { runId }, select: { result: true } })).toEqual([{ result: "pending" }]);
    // Its heartbeat stale (staleMs 2 s here): released and re-sent once.
    await recoverRuns(deps, new Date(claimed.getTime() + 2_500));
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "running", heartbeatAt: null });
    const resent = queue.sent.slice(sentBefore);
    expect(resent).toEqual([{ queue: RUN_QUEUES.tenant, job: { data: { runId, tenantId }, priority: 1 } }]);

    expect(await runTenantJob(deps, resent[0]!.job.data)).toBe("succeeded");
    const ended = await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: { orderBy: { createdAt: "asc" } } } });
    expect(ended).toMatchObject({ status: "succeeded", error: null });
    // The dead attempt's row settled by re-reading; the new attempt found the policy already excluded.
    expect(ended.changes.map((c) => [c.result, c.result === "applied" ? c.error : c.plannedOutcome])).toEqual([
      ["applied", RECONCILED_APPLIED],
      ["skipped", "already-excluded"],
    ]);
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "succeeded", attempts: 2, applied: 1, pending: 0 });
    expect(graph.patches()).toEqual([]);
  });

  it("writes the policy on the next attempt when the dead worker's PATCH never reached Graph, and says so in history", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await previewedRun(tenantId, graph);
    await confirmRun({ prisma: t.prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    const dead = new Date(Date.now() - 60_000);
    await t.prisma.remediationRun.update({ where: { id: runId }, data: { status: "running", startedAt: dead } });
    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { status: "running", attempts: 1, heartbeatAt: dead, startedAt: dead } });
    await recordPendingMfaFix(graph, runId, tenantId);
    const sentBefore = queue.sent.length;

    await recoverRuns(deps);
    expect(queue.sent.slice(sentBefore)).toEqual([{ queue: RUN_QUEUES.tenant, job: { data: { runId, tenantId }, priority: 1 } }]);
    expect(await runTenantJob(deps, queue.sent[sentBefore]!.job.data)).toBe("succeeded");
    const changes = await t.prisma.remediationChange.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
    expect(changes.map((c) => [c.result, c.error])).toEqual([
      ["failed", RECONCILED_FAILED],
      ["applied", null],
    ]);
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "succeeded", applied: 1, failed: 0 });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "succeeded" });
  });
});
