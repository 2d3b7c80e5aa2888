// A process dies in the middle of a write, and the run service settles it: no run is left running,
// no history row is left pending, and no policy is written twice.
//
// Every write is a run's job now (lib/runs), so the process doing a write is a worker: a real
// `scripts/worker.ts` child is SIGKILLed while a PATCH it sent is in flight (the local cloud holds
// the answer back), for a partner-tenant change and for a tenant page's fix. The web process's own
// crash point is between committing a confirmation and sending its job; that is the last test.
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { previewPartnerChange } from "@/lib/partner/changes";
import { previewTenant, RECONCILED_APPLIED } from "@/lib/remediation";
import { confirmRun, currentTarget, recordPreview, startRecoverySweep, type RunJob, type RunQueue } from "@/lib/runs";
import { useBulkStack, waitFor, type WorkerChild } from "../bulk/local-stack";

const TIME_SCALE = 0.05;
/** Added before the local cloud answers a Graph request of the tenant (scaled): the PATCH stays in flight this long. */
const HOLD_MS = 60_000;

describe("a process killed in the middle of a write", () => {
  // The fleet's first tenants cover the first scenarios (emulator/fleet/scenarios.ts): all reachable and writable.
  const stack = useBulkStack({ tenants: 6, seed: 2, timeScale: TIME_SCALE });

  async function operator(prisma: PrismaClient) {
    const partner = stack.settings.partnerTenantId;
    const row = await prisma.portalUser.upsert({
      where: { tenantId_objectId: { tenantId: partner, objectId: "0b0b0b0b-0000-4000-8000-000000000001" } },
      create: {
        tenantId: partner,
        objectId: "0b0b0b0b-0000-4000-8000-000000000001",
        upn: "operator@tailwindmsp.onmicrosoft.com",
        displayName: "Operator",
        role: "operator",
      },
      update: {},
    });
    return { id: row.id, upn: row.upn };
  }

  /** Holds the tenant's Graph answers back (the local cloud adds latency before answering), or stops. */
  const hold = (tenantId: string, on: boolean) => stack.em.faults.set(tenantId, { latencyMs: on ? HOLD_MS : 0 });

  /** Kills `worker` once the run has a pending row (its write recorded, then sent, its answer held back). */
  async function killMidWrite(worker: WorkerChild, runId: string, tenantId: string) {
    const seq = stack.em.log.lastSeq();
    await waitFor(
      "a write of the run in flight",
      async () => stack.prisma.remediationChange.count({ where: { runId, result: "pending" } }),
      (pending) => pending >= 1,
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${worker.output()}`);
    });
    // The request has left the worker (the pending row is committed first, then sent after the pacer's turn).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.em.log.list({ tenantId, method: "PATCH", sinceSeq: seq })).toHaveLength(0); // not answered yet
    worker.proc.kill("SIGKILL");
    await worker.exited;
  }

  async function settledRun(runId: string, worker: WorkerChild) {
    return waitFor(
      "the run ended by another worker",
      () => stack.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: true, tenants: true } }),
      (run) => run.finishedAt !== null,
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nsecond worker output:\n${worker.output()}`);
    });
  }

  /** Exactly one answered write per policy of the run in the local cloud's log. */
  function writesPerPolicy(tenantId: string, sinceSeq: number): Map<string, number> {
    const counts = new Map<string, number>();
    // What If (POST .../evaluate, the proof after a run's writes) reads; it changes nothing.
    const writes = stack.em.log
      .list({ tenantId, sinceSeq })
      .filter((e) => (e.method === "PATCH" || e.method === "POST") && e.path !== "/identity/conditionalAccess/evaluate");
    for (const e of writes) {
      counts.set(e.path, (counts.get(e.path) ?? 0) + 1);
    }
    return counts;
  }

  it("partner tenant: the run a dead worker left is resent by the sweep, its in-flight write settled by re-reading, nothing written twice", async () => {
    const { prisma, em } = stack;
    const partnerId = stack.settings.partnerTenantId;
    const account = em.fleet.serviceAccount;
    await prisma.partnerSettings.upsert({
      where: { id: 1 },
      create: { id: 1, partnerTenantId: partnerId, serviceAccountId: account.id, serviceAccountUpn: account.userPrincipalName },
      update: { serviceAccountId: account.id, serviceAccountUpn: account.userPrincipalName },
    });
    const by = await operator(prisma);
    const preview = await previewPartnerChange("exclude-service-account", by, { settings: stack.settings });
    const planned = preview.policies.filter((p) => p.request !== null);
    expect(planned.length).toBeGreaterThanOrEqual(2);

    const seq = em.log.lastSeq();
    hold(partnerId, true);
    await confirmRun({ prisma, queue: stack.queue, runId: preview.runId, confirmedNeedsReview: [], ticket: null, confirmedBy: by });
    const first = stack.spawnWorker({ concurrency: 2 });
    try {
      await killMidWrite(first, preview.runId, partnerId);
    } finally {
      hold(partnerId, false);
    }
    const second = stack.spawnWorker({ concurrency: 2 });
    const run = await settledRun(preview.runId, second);
    second.proc.kill("SIGTERM");

    expect(run.status).toBe("succeeded");
    expect(run.tenants.map((t) => [t.tenantId, t.status, t.attempts >= 2])).toEqual([[partnerId, "succeeded", true]]);
    expect(run.changes.filter((c) => c.result === "pending")).toEqual([]);
    // The write the dead worker had in flight reached Graph: the next attempt found it made and said so.
    expect(run.changes.filter((c) => c.error === RECONCILED_APPLIED)).toHaveLength(1);
    const applied = new Set(run.changes.filter((c) => c.result === "applied").map((c) => c.policyId));
    expect([...applied].sort()).toEqual(planned.map((p) => p.policyId).sort());
    const writes = writesPerPolicy(partnerId, seq);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
    expect(writes.size).toBe(planned.length);
    expect(await prisma.remediationRun.count({ where: { status: { in: ["queued", "running"] } } })).toBe(0);
  }, 240_000);

  it("tenant page: a fix whose worker died mid-write ends honestly, each policy written once", async () => {
    const { prisma, em } = stack;
    const by = await operator(prisma);
    // A customer tenant with at least two policies to fix.
    const target = await currentTarget(prisma, stack.settings.partnerTenantId, "exclude-service-provider");
    let chosen: { tenantId: string; runId: string; planned: number } | null = null;
    for (const tenant of stack.tenants) {
      const graph = await tenantGraph(tenant.id, { settings: stack.settings });
      const preview = await previewTenant({ graph, target, scope: { states: "enabled-and-report-only" } });
      const planned = preview.policies.filter((p) => p.request !== null && !p.requiresConfirmation).length;
      if (planned < 2) continue;
      const runId = await recordPreview(prisma, {
        kind: "tenant-fix",
        target,
        options: { scope: { states: "enabled-and-report-only" }, offerNeedsReview: true },
        requestedBy: by,
        preview,
      });
      chosen = { tenantId: tenant.id, runId, planned };
      break;
    }
    if (!chosen) throw new Error("no tenant of the fleet has two policies to fix");

    const seq = em.log.lastSeq();
    hold(chosen.tenantId, true);
    await confirmRun({ prisma, queue: stack.queue, runId: chosen.runId, confirmedNeedsReview: [], ticket: "PSA-7", confirmedBy: by });
    const first = stack.spawnWorker({ concurrency: 2 });
    try {
      await killMidWrite(first, chosen.runId, chosen.tenantId);
    } finally {
      hold(chosen.tenantId, false);
    }
    const second = stack.spawnWorker({ concurrency: 2 });
    const run = await settledRun(chosen.runId, second);
    second.proc.kill("SIGTERM");

    expect(run).toMatchObject({ status: "succeeded", ticket: "PSA-7", kind: "tenant-fix" });
    expect(run.changes.filter((c) => c.result === "pending")).toEqual([]);
    expect(new Set(run.changes.filter((c) => c.result === "applied").map((c) => c.policyId)).size).toBe(chosen.planned);
    const writes = writesPerPolicy(chosen.tenantId, seq);
    expect(writes.size).toBe(chosen.planned);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
    expect(await prisma.remediationRun.count({ where: { status: { in: ["queued", "running"] } } })).toBe(0);
  }, 240_000);

  it("web process: a confirmation committed whose job was never sent is sent by the sweep", async () => {
    const { prisma } = stack;
    const by = await operator(prisma);
    const target = await currentTarget(prisma, stack.settings.partnerTenantId, "exclude-service-provider");
    // A tenant with a write left to make (the test before fixed one of them).
    let preview: Awaited<ReturnType<typeof previewTenant>> | null = null;
    for (const t of stack.tenants) {
      const candidate = await previewTenant({ graph: await tenantGraph(t.id, { settings: stack.settings }), target, scope: { states: "all" } });
      if (candidate.policies.some((p) => p.request !== null && !p.requiresConfirmation)) {
        preview = candidate;
        break;
      }
    }
    if (!preview) throw new Error("no tenant of the fleet has a policy left to fix");
    const runId = await recordPreview(prisma, {
      kind: "tenant-fix",
      target,
      options: { scope: { states: "all" }, offerNeedsReview: true },
      requestedBy: by,
      preview,
    });
    // The web process dies right after the commit: its send never happens.
    const dying: RunQueue = {
      send: async (_queue: string, _jobs: readonly RunJob[]) => {
        throw new Error("the web process died before sending the job");
      },
      liveJobs: async () => [],
    };
    await expect(confirmRun({ prisma, queue: dying, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: by })).rejects.toThrow(/died/);
    expect((await prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("queued");

    // A worker with its recovery sweep (as lib/jobs/handlers.ts starts it), on short clocks.
    const timing = { queuedCheckMs: 500, staleMs: 2_000, heartbeatMs: 300 };
    const worker = await stack.startInProcessWorker({ concurrency: 2, timing });
    const sweep = startRecoverySweep(async () => stack.deps(timing), { everyMs: 500, onError: (error) => console.error(error) });
    try {
      const run = await waitFor(
        "the run sent by the sweep and ended",
        () => prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: true } }),
        (r) => r.finishedAt !== null,
        60_000,
      );
      expect(run.status).toBe("succeeded");
      expect(run.changes.filter((c) => c.result === "pending")).toEqual([]);
    } finally {
      sweep.stop();
      await worker.stop();
    }
  }, 120_000);
});
