// The bulk jobs' safety rails on a real database with an in-memory tenant: claiming (a job
// delivered twice does the work once), the recovery sweep (re-sends exactly once), transient
// failures (a bounded second attempt), and the single-tenant runs a dead worker left running.
import { describe, expect, it } from "vitest";
import { applyGraphPatch } from "../ca";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { withTenantLock } from "../remediation";
import { ID } from "../../testing/remediation/policies";
import { useTestPrisma } from "../../testing/database";
import { runBulkPreviewTenant } from "./preview-job";
import { ORPHAN_RUN_ERROR, recoverBulkRuns } from "./recovery";
import { runBulkTenantFix } from "./tenant-fix-job";
import { useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";

describe("bulk jobs and the recovery sweep", () => {
  const t = useTestPrisma();
  const { setup, runWithTenant, tenantFixRunStartedLongAgo, recordPendingMfaFix } = useInMemoryTenants(t);

  it("fixes a tenant once: a second delivery of the job finds it done and calls nothing", async () => {
    const { tenantId, graph, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    expect(await runBulkTenantFix(deps, { runId, tenantId })).toBe("done");
    const calls = graph.calls.length;
    expect(await runBulkTenantFix(deps, { runId, tenantId })).toBe("not-mine");
    expect(graph.calls).toHaveLength(calls);
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "completed", error: null });
    expect(await t.prisma.bulkRunTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } })).toMatchObject({
      status: "done",
      applied: 1,
      attempts: 1,
    });
  });

  it("leaves a tenant a live attempt owns alone, and re-sends a dead attempt's tenant exactly once however many sweep", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 1, heartbeatAt: new Date() });
    expect(await runBulkTenantFix(deps, { runId, tenantId })).toBe("not-mine");
    expect(graph.calls).toEqual([{ method: "listPolicies" }]); // the preview in setup, nothing since

    await t.prisma.bulkRunTenant.updateMany({ where: { runId, tenantId }, data: { heartbeatAt: new Date(Date.now() - 10_000) } });
    await Promise.all([recoverBulkRuns(deps), recoverBulkRuns(deps), recoverBulkRuns(deps)]);
    expect(queue.sent).toEqual([{ queue: "bulk.tenant-fix", job: { data: { runId, tenantId }, priority: 1 } }]);
    expect(await runBulkTenantFix(deps, queue.sent[0]!.job.data)).toBe("done");
    expect(await t.prisma.bulkRunTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } })).toMatchObject({ status: "done", attempts: 2 });
  });

  it("fails a tenant whose workers keep dying instead of re-sending it forever", async () => {
    const { tenantId, graph, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 5, heartbeatAt: new Date(Date.now() - 60_000) });
    expect(await runBulkTenantFix(deps, { runId, tenantId })).toBe("failed");
    expect(await t.prisma.bulkRunTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } })).toMatchObject({
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
    await recoverBulkRuns(deps);
    expect(queue.sent).toEqual([]);

    await t.prisma.bulkRunTenant.updateMany({ where: { runId, tenantId }, data: { queuedAt: long } });
    queue.live = [];
    await recoverBulkRuns(deps);
    expect(queue.sent.map((s) => s.job.data)).toEqual([{ runId, tenantId }]);
  });

  it("gives a tenant held by another fix one more attempt after a delay, then fails it with the reason", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    const key = { runId_tenantId: { runId, tenantId } };
    await withTenantLock(t.prisma, tenantId, async () => {
      expect(await runBulkTenantFix(deps, { runId, tenantId })).toBe("retrying");
      expect(await t.prisma.bulkRunTenant.findUniqueOrThrow({ where: key })).toMatchObject({
        status: "queued",
        attempts: 1,
        error: expect.stringMatching(/^Trying again in 1 s: Another remediation is already running/),
      });
      expect(queue.sent).toEqual([{ queue: "bulk.tenant-fix", job: { data: { runId, tenantId }, startAfterMs: 1_000 } }]);
      expect(await runBulkTenantFix(deps, { runId, tenantId })).toBe("failed");
    });
    expect(await t.prisma.bulkRunTenant.findUniqueOrThrow({ where: key })).toMatchObject({
      status: "failed",
      attempts: 2,
      error: expect.stringMatching(/^Another remediation is already running/),
    });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: "completed",
      error: expect.stringMatching(/^1 tenant\(s\) failed: Tenant /),
    });
    expect(graph.patches()).toEqual([]);
  });

  it("retries a tenant read that Graph throttled, and stores the readable reason when it cannot be read", async () => {
    const { tenantId, graph, deps, queue } = setup();
    await t.prisma.customerTenant.create({ data: { id: tenantId, displayName: "Throttled Ltd" } });
    const preview = await t.prisma.bulkPreview.create({
      data: {
        requestedByUpn: "operator@msp.example",
        options: { fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false },
      },
    });
    await t.prisma.bulkPreviewTenant.create({ data: { previewId: preview.id, tenantId, queuedAt: new Date() } });
    const throttled = new GraphFailure("throttled", "Microsoft Graph kept throttling requests to this tenant (429 after retries); try again in a minute.");
    graph.failNext("listPolicies", throttled);
    expect(await runBulkPreviewTenant(deps, { previewId: preview.id, tenantId })).toBe("retrying");
    expect(queue.sent.map((s) => s.job)).toEqual([{ data: { previewId: preview.id, tenantId }, startAfterMs: 1_000 }]);
    graph.failNext("listPolicies", throttled);
    expect(await runBulkPreviewTenant(deps, { previewId: preview.id, tenantId })).toBe("unreachable");
    expect(await t.prisma.bulkPreviewTenant.findFirstOrThrow({ where: { previewId: preview.id } })).toMatchObject({
      status: "unreachable",
      problem: "throttled",
      message: throttled.message,
      attempts: 2,
    });
    expect(await t.prisma.bulkPreview.findUniqueOrThrow({ where: { id: preview.id } })).toMatchObject({ status: "completed" });
  });

  it("ends a tenant-page run a dead worker left running, settling its pending change by re-reading", async () => {
    const { tenantId, graph, deps } = setup();
    const run = await tenantFixRunStartedLongAgo(tenantId, "Orphan Inc");
    // The worker recorded its intent, sent the PATCH (Graph applied it) and died before verifying.
    const planned = await recordPendingMfaFix(graph, run.id, tenantId);
    graph.edit(ID.mfaAll, applyGraphPatch(graph.policy(ID.mfaAll), planned.request!.body as Record<string, unknown>) as Record<string, unknown>);

    // Swept once nothing was recorded for orphanRunMs (60 s here): a run that wrote lately may be alive.
    expect((await recoverBulkRuns(deps)).orphanRunsEnded).toBe(0);
    expect((await recoverBulkRuns(deps, new Date(Date.now() + 61_000))).orphanRunsEnded).toBe(1);
    const ended = await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id }, include: { changes: true } });
    expect(ended).toMatchObject({ status: "failed", error: `${ORPHAN_RUN_ERROR} Its 1 unconfirmed change(s) were settled by re-reading the policies.` });
    expect(ended.changes.map((c) => c.result)).toEqual(["applied"]);
    expect(graph.patches()).toEqual([]);
  });
});
