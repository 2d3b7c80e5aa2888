// For the bulk engine's integration tests on a real database with one in-memory tenant (no local
// cloud, no pg-boss): the jobs' dependencies, a bulk run waiting on that tenant, and the traces a
// worker leaves when it dies mid-fix.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { createRun, itemsFromPreview, previewTenant, startRun } from "@/lib/remediation";
import { recordPending } from "@/lib/remediation/history";
import { FakeTenantGraph } from "../remediation/fake-tenant-graph";
import { ID, PARTNER, samplePolicies } from "../remediation/policies";
import type { BulkWorkerDeps } from "@/lib/bulk/deps";
import type { BulkJob, BulkQueue, LiveJob } from "@/lib/bulk/queue";
import type { BulkTiming } from "@/lib/bulk/timing";

/** Keeps what was sent; `live` stands in for the jobs pg-boss still holds. */
class FakeQueue implements BulkQueue {
  sent: { queue: string; job: BulkJob }[] = [];
  live: LiveJob[] = [];
  async send(queue: string, jobs: readonly BulkJob[]) {
    for (const job of jobs) this.sent.push({ queue, job });
  }
  async liveJobs(_queue: string, match: Record<string, unknown>) {
    return this.live.filter((j) => Object.entries(match).every(([k, v]) => (j.data as Record<string, unknown>)[k] === v));
  }
}

// Short enough that retries and stale heartbeats happen within a test; no waiting for the tenant lock.
const TIMING: Partial<BulkTiming> = { heartbeatMs: 100, staleMs: 2_000, queuedCheckMs: 1_000, retryDelayMs: 1_000, lockWaitMs: 0, orphanRunMs: 60_000 };

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
    const deps: BulkWorkerDeps = {
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

  /** A started bulk run with the tenant queued in it (`row` overrides its run-tenant row), its items from a live preview. */
  async function runWithTenant(tenantId: string, graph: FakeTenantGraph, row: Partial<Prisma.BulkRunTenantUncheckedCreateInput> = {}) {
    const prisma = db.prisma;
    await prisma.customerTenant.create({ data: { id: tenantId, displayName: `Tenant ${tenantId.slice(0, 4)}` } });
    const items = itemsFromPreview(await previewTenant({ graph, partnerTenantId: PARTNER }));
    const run = await createRun(prisma, { kind: "bulk-fix", requestedBy: { id: null, upn: "operator@msp.example" }, scope: {}, options: {} });
    await startRun(prisma, run.id);
    await prisma.bulkRunTenant.create({ data: { runId: run.id, tenantId, items: items as unknown as Prisma.InputJsonValue, queuedAt: new Date(), ...row } });
    return { runId: run.id, items };
  }

  /** A tenant-page fix run started ten minutes ago: past the orphan sweep's age unless it recorded a change since. */
  async function tenantFixRunStartedLongAgo(tenantId: string, displayName: string) {
    const prisma = db.prisma;
    await prisma.customerTenant.create({ data: { id: tenantId, displayName } });
    const run = await createRun(prisma, { kind: "tenant-fix", requestedBy: { id: null, upn: "operator@msp.example" }, scope: { tenantId }, options: {} });
    await startRun(prisma, run.id);
    await prisma.$executeRaw`update "RemediationRun" set "startedAt" = ${new Date(Date.now() - 10 * 60_000)} where id = ${run.id}::uuid`;
    return run;
  }

  /** Records the fix of ID.mfaAll as pending, as a worker does just before sending it; returns that policy's plan. */
  async function recordPendingMfaFix(graph: FakeTenantGraph, runId: string, tenantId: string) {
    const planned = (await previewTenant({ graph, partnerTenantId: PARTNER })).policies.find((p) => p.policyId === ID.mfaAll)!;
    await recordPending(db.prisma, {
      runId,
      tenantId,
      policyId: ID.mfaAll,
      policyName: planned.name,
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      reason: "test",
      warnings: [],
      before: planned.policy,
      request: planned.request,
    });
    return planned;
  }

  return { setup, runWithTenant, tenantFixRunStartedLongAgo, recordPendingMfaFix };
}
