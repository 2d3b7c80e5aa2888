// A tenant page's fix (a policy's button, "Fix all") through the run service: its preview stored
// by the web process (recordPreview), confirmed, and done by the same `run.tenant` job as every
// other run, on a real database with an in-memory tenant.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Prisma } from "../db/generated/client";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { withTenantLock } from "../remediation";
import { useTestPrisma } from "../../testing/database";
import { OPERATOR, useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { ID } from "../../testing/remediation/policies";
import { confirmRun } from "./confirm";
import { RUN_QUEUES } from "./queue";
import { recoverRuns } from "./recovery";
import { runView } from "./run-view";
import { runTenantJob } from "./tenant-job";

describe("a single-tenant fix through the run.tenant job", () => {
  const t = useTestPrisma();
  const { setup, previewedRun } = useInMemoryTenants(t);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const runOf = (runId: string) => t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: true, tenants: true } });

  /** A tenant's "Fix all" previewed and confirmed (its needs-review policy not ticked): the run is queued. */
  async function confirmedFix(s: ReturnType<typeof setup>) {
    const { runId } = await previewedRun(s.tenantId, s.graph);
    await confirmRun({ prisma: t.prisma, queue: s.queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    return runId;
  }

  it("starts the run, applies the confirmed preview and ends the run succeeded", async () => {
    const s = setup();
    const runId = await confirmedFix(s);
    expect(s.queue.sent).toEqual([{ queue: RUN_QUEUES.tenant, job: { data: { runId, tenantId: s.tenantId }, priority: 1 } }]);

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("succeeded");

    expect(s.graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
    const ended = await runOf(runId);
    expect(ended).toMatchObject({ status: "succeeded", kind: "tenant-fix", error: null });
    expect(ended.startedAt).not.toBeNull();
    expect(ended.changes.map((c) => [c.policyId, c.result])).toEqual([[ID.mfaAll, "applied"]]);
    expect(ended.tenants.map((r) => [r.tenantId, r.status, r.applied])).toEqual([[s.tenantId, "succeeded", 1]]);
    // The view of a one-tenant run carries its history rows, for the dialog that showed the preview.
    expect((await runView(t.prisma, runId))!.changes!.map((c) => [c.policyId, c.result])).toEqual([[ID.mfaAll, "applied"]]);
  });

  it("shows an unexpected failure only by its logged error id, never its internals", async () => {
    const s = setup();
    const runId = await confirmedFix(s);
    s.deps.openTenant = async () => Promise.reject(new Error("connect ECONNREFUSED db.internal:5432 password=hunter2"));

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("failed");
    const errorId = s.warnings[0]?.detail.errorId;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    const sentence = `Stopped unexpectedly (error id ${String(errorId)}); see the worker log.`;
    const ended = await runOf(runId);
    expect(ended).toMatchObject({ status: "failed", error: sentence });
    expect(ended.tenants[0]).toMatchObject({ status: "failed", error: sentence });
    expect(JSON.stringify(await runView(t.prisma, runId))).not.toContain("hunter2");
  });

  it("ends the run failed with the readable reason when the tenant cannot be opened, writing nothing", async () => {
    const s = setup();
    const runId = await confirmedFix(s);
    const refusal = new GraphFailure("gdap-inactive", "The GDAP relationship with this customer expired on 2026-10-01.");
    s.deps.openTenant = async () => Promise.reject(refusal);

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("failed");
    expect(await runOf(runId)).toMatchObject({ status: "failed", error: refusal.message, changes: [] });
  });

  it("tries once more when another fix holds the tenant, then fails with the reason; fails at once without a partner tenant", async () => {
    const s = setup();
    const busy = await confirmedFix(s);
    await withTenantLock(t.prisma, s.tenantId, async () => {
      expect(await runTenantJob(s.deps, { runId: busy, tenantId: s.tenantId })).toBe("retrying");
      expect(s.queue.sent.at(-1)).toEqual({ queue: RUN_QUEUES.tenant, job: { data: { runId: busy, tenantId: s.tenantId }, startAfterMs: 1_000 } });
      expect(await runTenantJob(s.deps, { runId: busy, tenantId: s.tenantId })).toBe("failed");
    });
    expect(await runOf(busy)).toMatchObject({ status: "failed", error: expect.stringMatching(/^Another remediation is already running/) });

    const unconfigured = await confirmedFix(s);
    expect(await runTenantJob({ ...s.deps, partnerTenantId: undefined }, { runId: unconfigured, tenantId: s.tenantId })).toBe("failed");
    expect(await runOf(unconfigured)).toMatchObject({ status: "failed", error: expect.stringMatching(/PARTNER_TENANT_ID/) });
    expect(s.graph.patches()).toEqual([]);
  });

  it("never runs a tenant twice, and refuses a job carrying anything but its run and tenant", async () => {
    const s = setup();
    const runId = await confirmedFix(s);
    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("succeeded");
    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("not-mine");
    expect(s.graph.patches()).toHaveLength(1);

    // What to write is the confirmed run's, read from the database: a job cannot bring its own.
    const items = [{ policyId: ID.targetsPartner, expectedFingerprint: "f", confirmedNeedsReview: true }];
    await expect(runTenantJob(s.deps, { runId, tenantId: s.tenantId, items })).rejects.toThrow();
    await expect(runTenantJob(s.deps, { runId: "not-a-uuid", tenantId: s.tenantId })).rejects.toThrow();
    expect(s.graph.patches()).toHaveLength(1);
  });

  it("keeps a finished fix succeeded when the sweep ended its run in the moment before the job did", async () => {
    const s = setup();
    const runId = await confirmedFix(s);
    // The sweep (another worker's) ends the run just before the job's own final update of the run:
    // the job's update then finds it ended, and the run is ended once. (A spy, not a proxy: the
    // tenant lock knows the client by identity.)
    const real = t.prisma.remediationRun.updateMany.bind(t.prisma.remediationRun);
    let swept: Awaited<ReturnType<typeof recoverRuns>> | null = null;
    vi.spyOn(t.prisma.remediationRun, "updateMany").mockImplementation(((args: Prisma.RemediationRunUpdateManyArgs) => {
      if (swept === null && args.data.status === "succeeded") {
        swept = { tenantsResent: -1, readsResent: -1, runsEnded: -1, previewsCompleted: -1, previewsExpired: -1, approvalsExpired: -1 };
        return recoverRuns(s.deps).then((report) => {
          swept = report;
          return real(args);
        });
      }
      return real(args);
    }) as unknown as typeof t.prisma.remediationRun.updateMany);

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("succeeded");
    expect(swept).toMatchObject({ runsEnded: 1 });
    expect(await runOf(runId)).toMatchObject({ status: "succeeded", error: null });
    expect(s.graph.patches()).toHaveLength(1);
    expect(s.warnings).toEqual([]);
  });
});
