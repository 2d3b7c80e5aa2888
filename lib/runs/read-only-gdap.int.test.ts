// A tenant whose GDAP roles cannot write Conditional Access (the fleet's "gdap-read-only": Security
// Reader only), after a real GDAP sync stored its roles: the bulk preview reads and plans it but marks
// it and leaves it out, the run sends it nothing; and a tenant whose roles became read-only after its
// preview is refused by the run's job in words, without a write, and "retry failed" marks it left out.
import { describe, expect, it } from "vitest";
import { startBulkPreview } from "../bulk";
import { partnerGraph } from "../graph/partner-graph-client";
import { tenantGraph } from "../graph/tenant-graph-client";
import { syncCustomers } from "../sync/sync";
import { previewTenant } from "../remediation/preview";
import { confirmRun } from "./confirm";
import { readOnlyGdapOf } from "./read-only-gdap";
import { recordPreview } from "./start-preview";
import { runPreviewView, tenantPreviewView } from "./preview-view";
import { retryFailedTenants } from "./retry-failed";
import { runView } from "./run-view";
import { ENABLED_ONLY, OPERATOR, policyPatches, useBulkStack, waitFor } from "../../testing/bulk/local-stack";

const TIME_SCALE = 0.02;
const FAST = { heartbeatMs: 200, staleMs: 3_000, queuedCheckMs: 2_000, retryDelayMs: 300, lockWaitMs: 5_000 };
const CA_ADMIN = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";
const REASON =
  /^Read-only GDAP: its role \(Security Reader\) cannot change Conditional Access; that needs Conditional Access Administrator or Security Administrator\./;

describe("read-only GDAP in a bulk fix", () => {
  const stack = useBulkStack({ tenants: 20, seed: 1, timeScale: TIME_SCALE, exclude: ["large"] });
  const sync = () =>
    syncCustomers({
      prisma: stack.prisma,
      partnerTenantId: stack.settings.partnerTenantId,
      partner: () => partnerGraph({ settings: stack.settings }),
      openTenant: (id) => tenantGraph(id, { settings: stack.settings }),
    });
  const preview = async (tenantIds: string[], start: () => Promise<string>) => {
    const runId = await start();
    const view = await waitFor(
      "the preview",
      () => runPreviewView(stack.prisma, runId),
      (v) => v?.status === "previewed",
    );
    expect(view!.tenants.map((t) => t.tenantId).sort()).toEqual([...tenantIds].sort());
    return { runId, view: view! };
  };
  const bulkPreview = (tenantIds: string[]) =>
    preview(tenantIds, () =>
      startBulkPreview({
        prisma: stack.prisma,
        queue: stack.queue,
        tenantIds,
        options: ENABLED_ONLY,
        requestedBy: OPERATOR,
        partnerTenantId: stack.settings.partnerTenantId,
      }),
    );
  const ended = (runId: string) =>
    waitFor(
      "the run",
      () => runView(stack.prisma, runId),
      (v) => v?.ended === true,
    );

  it("the preview marks it with its roles by name and leaves it out; the run sends it nothing", async () => {
    const { prisma, queue, em } = stack;
    await stack.startInProcessWorker({ concurrency: 4, timing: FAST });
    await sync();
    const readOnly = stack.tenants.find((t) => t.scenario === "gdap-read-only")!;
    const writable = stack.tenants.filter((t) => t.scenario === "missing-exclusion").slice(0, 2);
    expect(writable).toHaveLength(2);
    expect((await prisma.customerTenant.findUniqueOrThrow({ where: { id: readOnly.id } })).gdapRoles).not.toContain(CA_ADMIN);

    const { runId, view } = await bulkPreview([readOnly.id, ...writable.map((t) => t.id)]);
    const row = view.tenants.find((t) => t.tenantId === readOnly.id)!;
    // Read and planned (the person sees what it would need), marked, and not counted as a change of the run.
    expect(row).toMatchObject({ status: "previewed", problem: { problem: "read-only-gdap" } });
    expect(row.problem!.message).toMatch(REASON);
    expect(row.problem!.message).toContain("Left out of the run: nothing is sent to this tenant.");
    expect(row.toChange).toBeGreaterThan(0);
    const others = view.tenants.filter((t) => t.tenantId !== readOnly.id);
    const toChange = others.reduce((n, t) => n + t.toChange, 0);
    expect(toChange).toBeGreaterThan(0);
    expect(view.totals).toMatchObject({ tenants: 3, policiesToChange: toChange, leftOutTenants: 1, unreachableTenants: 0 });
    const detail = await tenantPreviewView(prisma, runId, readOnly.id);
    expect(detail!.policies.filter((p) => p.request !== null)).toHaveLength(row.toChange);

    const seq = em.log.lastSeq();
    expect(await confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR })).toEqual({
      runId,
      awaitingApproval: null,
      tenants: others.filter((t) => t.toChange > 0).length,
      items: toChange,
    });
    const run = await ended(runId);
    expect(run).toMatchObject({ status: "succeeded", summary: null });
    expect(run!.tenants.map((t) => t.tenantId)).not.toContain(readOnly.id);
    expect(run!.policies).toEqual({ applied: toChange, skipped: 0, failed: 0, pending: 0 });
    expect(run!.leftOut).toEqual([{ tenantId: readOnly.id, displayName: readOnly.displayName, reason: row.problem!.message }]);
    // Graph saw no write to it: no 403, and no history row for it.
    expect(em.log.list({ sinceSeq: seq }).filter((e) => e.tenantId === readOnly.id && e.method !== "GET")).toEqual([]);
    expect([...policyPatches(em, seq).values()].flat().every((p) => p.status === 204)).toBe(true);
    expect(await prisma.remediationChange.count({ where: { runId, tenantId: readOnly.id } })).toBe(0);
  });

  it("roles that became read-only after the preview: the job refuses it in words without a write; retry failed marks it left out", async () => {
    const { prisma, queue, em } = stack;
    const readOnly = stack.tenants.find((t) => t.scenario === "gdap-read-only")!;
    // The last sync (as stored) said Conditional Access Administrator: the preview plans it into the run.
    const synced = await prisma.customerTenant.findUniqueOrThrow({ where: { id: readOnly.id } });
    await prisma.customerTenant.update({ where: { id: readOnly.id }, data: { gdapRoles: [...synced.gdapRoles, CA_ADMIN] } });
    const { runId, view } = await bulkPreview([readOnly.id]);
    expect(view.tenants[0]).toMatchObject({ status: "previewed", problem: null });
    const planned = view.tenants[0]!.toChange;
    expect(planned).toBeGreaterThan(0);

    // Then a sync reads the relationship as it is (Security Reader only), and the run starts.
    await sync();
    expect((await prisma.customerTenant.findUniqueOrThrow({ where: { id: readOnly.id } })).gdapRoles).toEqual(synced.gdapRoles);
    const seq = em.log.lastSeq();
    await confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    const run = await ended(runId);
    expect(run).toMatchObject({ status: "failed", tenantsByStatus: { failed: 1 } });
    expect(run!.tenants[0]!.error).toMatch(/^Not done: Read-only GDAP: its role \(Security Reader\) cannot change Conditional Access;/);
    expect(run!.tenants[0]!.error).toContain("Nothing was sent to Microsoft");
    expect(em.log.list({ sinceSeq: seq }).filter((e) => e.tenantId === readOnly.id && e.method !== "GET")).toEqual([]);
    expect(await prisma.remediationChange.count({ where: { runId } })).toBe(0);
    const audit = await prisma.auditEvent.findFirst({ where: { targetId: runId, action: "run-tenant-write" } });
    expect(audit).toMatchObject({ result: "denied", targetTenantId: readOnly.id });

    // "Retry failed" previews it again: now marked and left out, so there is nothing to confirm.
    const retryRun = await retryFailedTenants({ prisma, queue, runId, requestedBy: OPERATOR, partnerTenantId: stack.settings.partnerTenantId });
    const { view: retried } = await preview([readOnly.id], async () => retryRun);
    expect(retried.tenants[0]).toMatchObject({ status: "previewed", toChange: planned, problem: { problem: "read-only-gdap" } });
    expect(retried.totals).toMatchObject({ policiesToChange: 0, leftOutTenants: 1 });
    await expect(confirmRun({ prisma, queue, runId: retryRun, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR })).rejects.toThrow(
      "Nothing to change: no previewed policy has a request to send (1 tenant is left out for read-only GDAP).",
    );
  });

  it("a tenant page's preview (made in the web process) says it before the write, and cannot be confirmed", async () => {
    const { prisma, queue } = stack;
    const readOnly = stack.tenants.find((t) => t.scenario === "gdap-read-only")!;
    const partnerTenantId = stack.settings.partnerTenantId!;
    const graph = await tenantGraph(readOnly.id, { settings: stack.settings });
    expect(graph.access).toBe("delegated");
    const reason = await readOnlyGdapOf(prisma, partnerTenantId, readOnly.id, graph);
    expect(reason).toMatch(REASON);
    // As app/tenants/[tenantId]/actions.ts records it; the partner's own tenant is never concerned.
    expect(await readOnlyGdapOf(prisma, partnerTenantId, partnerTenantId, graph)).toBeNull();
    const preview = await previewTenant({ graph, target: { action: "exclude-service-provider", partnerTenantId } });
    const runId = await recordPreview(prisma, {
      kind: "tenant-fix",
      target: { action: "exclude-service-provider", partnerTenantId },
      options: { scope: { states: "enabled-and-report-only" }, offerNeedsReview: true },
      requestedBy: OPERATOR,
      preview,
      readOnlyGdap: reason,
    });
    const view = await tenantPreviewView(prisma, runId, readOnly.id);
    expect(view!.problem).toEqual({ problem: "read-only-gdap", message: `${reason} Left out of the run: nothing is sent to this tenant.` });
    expect(view!.policies.some((p) => p.request !== null)).toBe(true);
    await expect(confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR })).rejects.toThrow(
      "(1 tenant is left out for read-only GDAP)",
    );
  });
});
