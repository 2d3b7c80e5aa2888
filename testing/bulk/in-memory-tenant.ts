// For the run service's integration tests on a real database with one in-memory tenant (no local
// cloud, no pg-boss): the jobs' dependencies, a run previewed or waiting on that tenant, and the
// traces a worker leaves when it dies mid-fix.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { itemsFromPreview, previewTenant, type FixTarget } from "@/lib/remediation";
import { recordPending } from "@/lib/remediation/history";
import type { RunWorkerDeps } from "@/lib/runs/deps";
import type { Requester, RunKind } from "@/lib/runs/kinds";
import type { RunOptions } from "@/lib/runs/options";
import type { RunJob, RunQueue, LiveJob } from "@/lib/runs/queue";
import { recordPreview } from "@/lib/runs/start-preview";
import type { RunTiming } from "@/lib/runs/timing";
import { FakeTenantGraph } from "../remediation/fake-tenant-graph";
import { ID, PARTNER, samplePolicies } from "../remediation/policies";

export const TARGET: FixTarget = { action: "exclude-service-provider", partnerTenantId: PARTNER };
/** A person who asked, known only by name (no portal user row: the job then checks nobody). */
export const OPERATOR: Requester = { id: null, upn: "operator@msp.example" };
/** What the tenant page's "Fix all" previews: enabled and report-only policies, needs-review ones offered. */
export const TENANT_FIX_OPTIONS: RunOptions = { scope: { states: "enabled-and-report-only" }, offerNeedsReview: true };

/** Keeps what was sent; `live` stands in for the jobs pg-boss still holds. */
class FakeQueue implements RunQueue {
  sent: { queue: string; job: RunJob }[] = [];
  live: LiveJob[] = [];
  async send(queue: string, jobs: readonly RunJob[]) {
    for (const job of jobs) this.sent.push({ queue, job });
  }
  async liveJobs(_queue: string, match: Record<string, unknown>) {
    return this.live.filter((j) => Object.entries(match).every(([k, v]) => (j.data as Record<string, unknown>)[k] === v));
  }
}

// Short enough that retries and stale heartbeats happen within a test; no waiting for the tenant lock.
const TIMING: Partial<RunTiming> = { heartbeatMs: 100, staleMs: 2_000, queuedCheckMs: 1_000, retryDelayMs: 1_000, lockWaitMs: 0 };

/**
 * The helpers, on the test file's database (`useTestPrisma()`; its client is read when a helper
 * runs, as it exists only from beforeAll on).
 */
export function useInMemoryTenants(db: { readonly prisma: PrismaClient }) {
  /** A fresh tenant and the jobs' dependencies on it; `warnings` and `opened()` witness what the jobs logged and opened. */
  function setup(prisma: PrismaClient = db.prisma) {
    const tenantId = randomUUID();
    const graph = new FakeTenantGraph(tenantId, samplePolicies());
    const queue = new FakeQueue();
    const warnings: { detail: Record<string, unknown>; message: string }[] = [];
    let opened = 0;
    const deps: RunWorkerDeps = {
      prisma,
      queue,
      partnerTenantId: PARTNER,
      openTenant: async () => {
        opened += 1;
        return graph;
      },
      warn: (detail, message) => warnings.push({ detail: detail as Record<string, unknown>, message }),
      timing: TIMING,
    };
    return { tenantId, graph, queue, deps, warnings, opened: () => opened };
  }

  /** A running bulk run with the tenant queued in it (`row` overrides its run-tenant row), its items from a live preview. */
  async function runWithTenant(tenantId: string, graph: FakeTenantGraph, row: Partial<Prisma.RunTenantUncheckedCreateInput> = {}) {
    const prisma = db.prisma;
    await prisma.customerTenant.create({ data: { id: tenantId, displayName: `Tenant ${tenantId.slice(0, 4)}` } });
    const preview = await previewTenant({ graph, target: TARGET });
    const items = itemsFromPreview(preview, new Set());
    const run = await prisma.remediationRun.create({
      data: {
        kind: "bulk-fix",
        action: TARGET.action,
        status: "running",
        startedAt: new Date(),
        confirmedAt: new Date(),
        requestedByUpn: "operator@msp.example",
        target: TARGET as unknown as Prisma.InputJsonValue,
        options: { scope: { states: "enabled" }, offerNeedsReview: false },
      },
    });
    await prisma.runTenant.create({
      data: {
        runId: run.id,
        tenantId,
        status: "queued",
        preview: preview as unknown as Prisma.InputJsonValue,
        items: items as unknown as Prisma.InputJsonValue,
        queuedAt: new Date(),
        ...row,
      },
    });
    return { runId: run.id, items };
  }

  /**
   * The tenant known to the portal (created once) and a preview of it made here and now, as the web
   * process stores one (recordPreview): a run `previewed`. The preview reads `graph` (one listPolicies).
   */
  async function previewedRun(
    tenantId: string,
    graph: FakeTenantGraph,
    input: { kind?: RunKind; options?: RunOptions; requestedBy?: Requester; displayName?: string } = {},
  ) {
    const prisma = db.prisma;
    await prisma.customerTenant.upsert({
      where: { id: tenantId },
      create: { id: tenantId, displayName: input.displayName ?? `Tenant ${tenantId.slice(0, 4)}` },
      update: {},
    });
    const options = input.options ?? TENANT_FIX_OPTIONS;
    const preview = await previewTenant({ graph, target: TARGET, scope: options.scope });
    const runId = await recordPreview(prisma, {
      kind: input.kind ?? "tenant-fix",
      target: TARGET,
      options,
      requestedBy: input.requestedBy ?? OPERATOR,
      preview,
    });
    return { runId, preview };
  }

  /** Records the fix of ID.mfaAll as pending, as a worker does just before sending it; returns that policy's plan. */
  async function recordPendingMfaFix(graph: FakeTenantGraph, runId: string, tenantId: string) {
    const planned = (await previewTenant({ graph, target: TARGET })).policies.find((p) => p.policyId === ID.mfaAll)!;
    await recordPending(db.prisma, {
      runId,
      tenantId,
      policyId: ID.mfaAll,
      policyName: planned.name,
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      reason: "test",
      warnings: [],
      before: planned.before,
      request: planned.request,
    });
    return planned;
  }

  return { setup, runWithTenant, previewedRun, recordPendingMfaFix };
}
