// The bulk wizard through the run service end to end on the local cloud, with a worker in this
// process: preview a fleet of mixed scenarios, confirm, run the fix, and check totals, outcomes,
// history and what Graph saw.
import { describe, expect, it } from "vitest";
import { bulkOptionsOf, runOptionsOf, startBulkPreview } from "../bulk";
import { tenantGraph } from "../graph/tenant-graph-client";
import { previewTenant } from "../remediation/preview";
import { confirmRun } from "./confirm";
import { RunRefusal } from "./errors";
import { runPreviewView, tenantPreviewView } from "./preview-view";
import { retryFailedTenants } from "./retry-failed";
import { runCsv, runView } from "./run-view";
import { ENABLED_ONLY, OPERATOR, policyPatches, useBulkStack, waitFor } from "../../testing/bulk/local-stack";

const TIME_SCALE = 0.02;
const FAST = { heartbeatMs: 200, staleMs: 3_000, queuedCheckMs: 2_000, retryDelayMs: 300, lockWaitMs: 5_000 };

describe("a bulk fix over a mixed fleet", () => {
  const stack = useBulkStack({ tenants: 20, seed: 1, timeScale: TIME_SCALE, exclude: ["large"] });

  it("previews every tenant, fixes every writable one with exactly one PATCH per policy, and leaves complete history", async () => {
    const { prisma, queue, em } = stack;
    await stack.startInProcessWorker({ concurrency: 4, timing: FAST });
    const tenantIds = stack.tenants.map((t) => t.id);
    const partnerTenantId = stack.settings.partnerTenantId;

    const runId = await startBulkPreview({ prisma, queue, tenantIds, options: ENABLED_ONLY, requestedBy: OPERATOR, partnerTenantId });
    const preview = await waitFor(
      "the preview",
      () => runPreviewView(prisma, runId),
      (v) => v?.status === "previewed",
    );
    expect(preview).toMatchObject({ kind: "bulk-fix", options: runOptionsOf(ENABLED_ONLY), confirmed: false });
    expect(preview!.progress).toEqual({ done: tenantIds.length, total: tenantIds.length });

    // Totals against an independent live preview of each tenant (enabled policies only).
    let expectedChange = 0;
    let expectedReview = 0;
    const unreachable = new Map<string, string>();
    for (const tenant of stack.tenants) {
      const row = preview!.tenants.find((t) => t.tenantId === tenant.id)!;
      let counts: { toChange: number; needsReview: number } | null = null;
      try {
        const graph = await tenantGraph(tenant.id, { settings: stack.settings });
        const live = await previewTenant({ graph, target: { action: "exclude-service-provider", partnerTenantId: partnerTenantId! } });
        const enabled = live.policies.filter((p) => p.state === "enabled");
        counts = {
          toChange: enabled.filter((p) => p.request && !p.requiresConfirmation).length,
          needsReview: enabled.filter((p) => p.requiresConfirmation).length,
        };
      } catch (error) {
        unreachable.set(tenant.id, (error as { problem: string }).problem);
      }
      if (counts === null) {
        expect(row, tenant.scenario).toMatchObject({ status: "unreachable", problem: { problem: unreachable.get(tenant.id) } });
        continue;
      }
      expect(row, tenant.scenario).toMatchObject({ status: "previewed", toChange: counts.toChange, needsReview: counts.needsReview, problem: null });
      expectedChange += counts.toChange;
      expectedReview += counts.needsReview;
    }
    expect(unreachable.size).toBeGreaterThan(0); // expired / terminated GDAP, no P1… are in the fleet
    expect(preview!.totals).toMatchObject({
      tenants: tenantIds.length,
      policiesToChange: expectedChange,
      policiesNeedingReview: expectedReview,
      unreachableTenants: unreachable.size,
    });
    expect(Object.values(preview!.totals.unreachableByProblem).reduce((a, b) => a + b, 0)).toBe(unreachable.size);
    expect(expectedChange).toBeGreaterThan(5);

    const busiest = [...preview!.tenants].sort((a, b) => b.toChange - a.toChange)[0]!;
    const detail = await tenantPreviewView(prisma, runId, busiest.tenantId);
    expect(detail?.policies.filter((p) => p.request && !p.requiresConfirmation)).toHaveLength(busiest.toChange);
    expect(detail?.access?.path).toMatch(/delegated|app-only/);

    const seq = em.log.lastSeq();
    const confirm = () => confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    const withChanges = preview!.tenants.filter((t) => t.status === "previewed" && t.toChange > 0);
    expect(await confirm()).toEqual({ runId, awaitingApproval: null, tenants: withChanges.length, items: expectedChange });
    await expect(confirm()).rejects.toThrow(RunRefusal);

    const run = await waitFor(
      "the run",
      () => runView(prisma, runId),
      (v) => v?.ended === true,
    );
    // GDAP read-only: reads work, writes are refused (403). The only tenant that cannot be fixed. This stack
    // never ran the GDAP sync, so the portal does not know its roles and cannot predict the refusal: the
    // engine's handling of Graph's 403 is what is checked here (read-only-gdap.int.test.ts: with the roles known).
    const readOnly = withChanges.filter((t) => stack.tenants.find((x) => x.id === t.tenantId)?.scenario === "gdap-read-only");
    expect(readOnly).toHaveLength(1);
    const refused = readOnly[0]!;
    // Something was written and something failed: partly failed.
    expect(run).toMatchObject({
      status: "partly_failed",
      kind: "bulk-fix",
      summary: `1 tenant(s) failed: ${refused.displayName}.`,
      estimatedSecondsLeft: null,
    });
    expect(run!.progress).toEqual({ done: withChanges.length, total: withChanges.length });
    expect(run!.tenantsByStatus).toEqual({ queued: 0, running: 0, succeeded: withChanges.length - 1, failed: 1, cancelled: 0 });
    expect(run!.policies).toEqual({ applied: expectedChange - refused.toChange, skipped: 0, failed: refused.toChange, pending: 0 });
    expect(run!.tenants.find((t) => t.tenantId === refused.tenantId)?.error).toMatch(
      /^\d+ polic(y|ies) failed; first: .*Conditional Access Administrator is needed for changes/,
    );
    // Its preview is the same run, now confirmed; the tenants with nothing to write stayed out of it.
    expect(await runPreviewView(prisma, runId)).toMatchObject({ status: "partly_failed", confirmed: true });
    expect(await prisma.runTenant.count({ where: { runId, status: "unchanged" } })).toBe(
      preview!.tenants.filter((t) => t.status === "previewed").length - withChanges.length,
    );

    // Graph saw exactly one PATCH per planned policy (refused by the read-only tenant), nothing else written.
    const patches = policyPatches(em, seq);
    expect(patches.size).toBe(expectedChange);
    for (const [policy, sent] of patches)
      expect(
        sent.map((s) => s.status),
        policy,
      ).toEqual([policy.startsWith(refused.tenantId) ? 403 : 204]);

    // History: one finished row per planned policy, with the request, Graph's answer and the verified policy.
    const changes = await prisma.remediationChange.findMany({ where: { runId } });
    expect(changes).toHaveLength(expectedChange);
    for (const c of changes) {
      expect(patches.has(`${c.tenantId}|${c.policyId}`)).toBe(true);
      if (c.tenantId === refused.tenantId) {
        expect(c, c.policyName).toMatchObject({ result: "failed", requestMethod: "PATCH", graphStatus: 403 });
        continue;
      }
      expect(c, c.policyName).toMatchObject({ result: "applied", error: null, requestMethod: "PATCH", graphStatus: 204 });
      expect(c.after).not.toBeNull();
    }
    expect(await prisma.remediationChange.count({ where: { result: "pending" } })).toBe(0);

    // Every other reachable tenant is fixed: a new preview finds only the read-only tenant's policies.
    const again = await startBulkPreview({ prisma, queue, tenantIds, options: ENABLED_ONLY, requestedBy: OPERATOR, partnerTenantId });
    const after = await waitFor(
      "the second preview",
      () => runPreviewView(prisma, again),
      (v) => v?.status === "previewed",
    );
    expect(after!.tenants.filter((t) => t.toChange > 0).map((t) => t.tenantId)).toEqual([refused.tenantId]);

    // The CSV: a header, then one line per change.
    const csv = (await runCsv(prisma, runId))!;
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("tenant,tenant id,policy,policy id,result,reason,error,change id,finished at,ticket");
    expect(lines).toHaveLength(expectedChange + 1);

    // "Retry failed" previews the failed tenant again, with the same options, before any write.
    const retryRun = await retryFailedTenants({ prisma, queue, runId, requestedBy: OPERATOR, partnerTenantId });
    const retried = await waitFor(
      "the retry preview",
      () => runPreviewView(prisma, retryRun),
      (v) => v?.status === "previewed",
    );
    expect(retried).toMatchObject({ kind: "bulk-fix", confirmed: false, totals: { tenants: 1, policiesToChange: refused.toChange } });
    expect(bulkOptionsOf(retried!.options)).toEqual(ENABLED_ONLY);
    expect(retried!.tenants.map((t) => t.tenantId)).toEqual([refused.tenantId]);
    expect(await prisma.remediationRun.findUniqueOrThrow({ where: { id: retryRun } })).toMatchObject({ retryOfId: runId });
  });
});
