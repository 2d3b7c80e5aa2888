import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { GraphFailure } from "../graph/tenant-graph-contract";
import type { Prisma } from "../db/generated/client";
import { createRun, endRun, itemsFromPreview, previewTenant, withTenantLock } from "../remediation";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, samplePolicies } from "../../testing/remediation/policies";
import { useTestPrisma } from "../../testing/database";
import { runTenantFixJob, type TenantFixDeps } from "./tenant-fix-job";

describe("the remediation.tenant-fix job", () => {
  const t = useTestPrisma();

  async function queuedRun(tenantId: string) {
    return createRun(t.prisma, { kind: "tenant-fix", requestedBy: { id: null, upn: "operator@msp.example" }, scope: { tenantId }, options: {} });
  }

  function deps(graph: FakeTenantGraph | Error, partnerTenantId: string | null = PARTNER): TenantFixDeps {
    return {
      prisma: t.prisma,
      partnerTenantId: partnerTenantId ?? undefined,
      openTenant: async () => {
        if (graph instanceof Error) throw graph;
        return graph;
      },
      warn: () => undefined,
    };
  }

  it("starts the run, applies the confirmed preview and completes the run", async () => {
    const tenantId = randomUUID();
    const graph = new FakeTenantGraph(tenantId, samplePolicies());
    const items = itemsFromPreview(await previewTenant({ graph, partnerTenantId: PARTNER }));
    expect(items.map((i) => i.policyId)).toEqual([ID.mfaAll]);
    const run = await queuedRun(tenantId);

    const result = await runTenantFixJob(deps(graph), { runId: run.id, tenantId, items });

    expect(result).toEqual({ runId: run.id, status: "completed", results: { applied: 1 } });
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
    const ended = await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id }, include: { changes: true } });
    expect(ended).toMatchObject({ status: "completed", error: null });
    expect(ended.startedAt).not.toBeNull();
    expect(ended.changes.map((c) => [c.policyId, c.result])).toEqual([[ID.mfaAll, "applied"]]);
  });

  it("shows an unexpected failure only by its logged error id, never its internals", async () => {
    const tenantId = randomUUID();
    const run = await queuedRun(tenantId);
    const warnings: { detail: object; message: string }[] = [];
    const d = {
      ...deps(new Error("connect ECONNREFUSED db.internal:5432 password=hunter2")),
      warn: (detail: object, message: string) => warnings.push({ detail, message }),
    };
    const result = await runTenantFixJob(d, {
      runId: run.id,
      tenantId,
      items: [{ policyId: ID.mfaAll, expectedFingerprint: "f", confirmedNeedsReview: false }],
    });
    const errorId = (warnings[0]?.detail as { errorId?: string } | undefined)?.errorId;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result).toEqual({ runId: run.id, status: "failed", error: `The fix stopped unexpectedly (error id ${errorId}); see the worker log.` });
    const ended = await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(ended.error).not.toContain("hunter2");
  });

  it("ends the run failed with the readable reason when the tenant cannot be opened, writing nothing", async () => {
    const tenantId = randomUUID();
    const run = await queuedRun(tenantId);
    const refusal = new GraphFailure("gdap-inactive", "The GDAP relationship with this customer expired on 2026-10-01.");
    const result = await runTenantFixJob(deps(refusal), {
      runId: run.id,
      tenantId,
      items: [{ policyId: ID.mfaAll, expectedFingerprint: "m=;s=enabled;u=0000000000000000;p=0000000000000000", confirmedNeedsReview: false }],
    });
    expect(result).toEqual({ runId: run.id, status: "failed", error: refusal.message });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "failed", error: refusal.message });
    expect(await t.prisma.remediationChange.count({ where: { runId: run.id } })).toBe(0);
  });

  it("ends the run cancelled when another fix holds the tenant, and fails it without a partner tenant", async () => {
    const tenantId = randomUUID();
    const graph = new FakeTenantGraph(tenantId, samplePolicies());
    const items = itemsFromPreview(await previewTenant({ graph, partnerTenantId: PARTNER }));
    const busy = await queuedRun(tenantId);
    const result = await withTenantLock(t.prisma, tenantId, () => runTenantFixJob(deps(graph), { runId: busy.id, tenantId, items }));
    expect(result).toMatchObject({ status: "cancelled", error: expect.stringMatching(/already running/) });
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: busy.id } })).toMatchObject({
      status: "cancelled",
      error: expect.stringMatching(/already running/),
    });

    const unconfigured = await queuedRun(tenantId);
    expect(await runTenantFixJob(deps(graph, null), { runId: unconfigured.id, tenantId, items })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/PARTNER_TENANT_ID/),
    });
    expect(graph.patches()).toEqual([]);
  });

  it("never runs a run twice, and refuses malformed jobs", async () => {
    const tenantId = randomUUID();
    const graph = new FakeTenantGraph(tenantId, samplePolicies());
    const items = itemsFromPreview(await previewTenant({ graph, partnerTenantId: PARTNER }));
    const run = await queuedRun(tenantId);
    await runTenantFixJob(deps(graph), { runId: run.id, tenantId, items });
    const again = await runTenantFixJob(deps(graph), { runId: run.id, tenantId, items });
    expect(again).toMatchObject({ status: "not-started", error: expect.stringMatching(/is completed/) });
    expect(graph.patches()).toHaveLength(1);

    await expect(runTenantFixJob(deps(graph), { runId: run.id, tenantId, items, policy: {} })).rejects.toThrow();
    await expect(runTenantFixJob(deps(graph), { runId: run.id, tenantId, items: [...items, ...items] })).rejects.toThrow(/listed once/);
  });

  it("keeps a finished fix completed in its result when the sweep ended its run in the moment after the lock was released", async () => {
    const tenantId = randomUUID();
    const graph = new FakeTenantGraph(tenantId, samplePolicies());
    const items = itemsFromPreview(await previewTenant({ graph, partnerTenantId: PARTNER }));
    const run = await queuedRun(tenantId);
    const warnings: string[] = [];
    // The recovery sweep ends the run just before the job's own final update. (A spy, not a proxy:
    // the tenant lock knows the client by identity.)
    const real = t.prisma.remediationRun.updateMany.bind(t.prisma.remediationRun);
    vi.spyOn(t.prisma.remediationRun, "updateMany").mockImplementation(((args: Prisma.RemediationRunUpdateManyArgs) =>
      (args.data.status === "completed"
        ? endRun(t.prisma, run.id, "failed", "The worker running this fix stopped before it finished.")
        : Promise.resolve()
      ).then(() => real(args))) as unknown as typeof t.prisma.remediationRun.updateMany);
    const result = await runTenantFixJob({ ...deps(graph), warn: (_d, message) => warnings.push(message) }, { runId: run.id, tenantId, items });
    expect(result).toEqual({ runId: run.id, status: "completed", results: { applied: 1 } });
    expect(warnings).toEqual(["tenant fix finished, but its run had already been ended"]);
    expect(graph.patches()).toHaveLength(1);
    vi.restoreAllMocks();
  });
});
