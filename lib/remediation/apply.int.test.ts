import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planServiceProviderExclusion } from "../ca";
import { createPrismaClient } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { GraphFailure, type GraphPolicy } from "../graph/tenant-graph-contract";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { applyTenantFix, LOCK_LOST, type ApplyItem } from "./apply";
import { recordPending } from "./history";
import { TenantBusyError, withTenantLock } from "./lock";
import { itemsFromPreview } from "./fix";
import { previewTenant, type TenantPreview } from "./preview";
import { RECONCILED_APPLIED, RECONCILED_FAILED, RunStateError, completeRun, createRun, reconcilePending, startRun } from "./runs";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, SOME_USER, samplePolicies } from "../../testing/remediation/policies";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await freshDatabase();
  prisma = createPrismaClient(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

async function tenant(policies: GraphPolicy[] = samplePolicies(), options: { known?: boolean } = {}) {
  const tenantId = randomUUID();
  if (options.known !== false) await prisma.customerTenant.create({ data: { id: tenantId, displayName: `Customer ${tenantId.slice(0, 8)}` } });
  return new FakeTenantGraph(tenantId, policies);
}

async function runningRun(client: PrismaClient = prisma): Promise<string> {
  const run = await createRun(client, {
    kind: "tenant-fix",
    requestedBy: { id: null, upn: "operator@msp.example" },
    scope: { tenants: [] },
    options: { action: "exclude-service-provider" },
  });
  await startRun(client, run.id);
  return run.id;
}

function itemsOf(preview: TenantPreview, confirm: readonly string[] = []): ApplyItem[] {
  return preview.policies.map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: confirm.includes(p.policyId) }));
}

async function fix(graph: FakeTenantGraph, options: { confirm?: string[]; preview?: TenantPreview; client?: PrismaClient; lockWaitMs?: number } = {}) {
  const preview = options.preview ?? (await previewTenant({ graph, partnerTenantId: PARTNER }));
  const client = options.client ?? prisma;
  const runId = await runningRun(client);
  const result = await applyTenantFix({
    prisma: client,
    graph,
    runId,
    action: "exclude-service-provider",
    partnerTenantId: PARTNER,
    items: itemsOf(preview, options.confirm),
    lockWaitMs: options.lockWaitMs,
  });
  return { preview, runId, result };
}

const changesOf = (runId: string) => prisma.remediationChange.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
const expectedBody = (policy: GraphPolicy) => planServiceProviderExclusion(policy, PARTNER).body;

describe("applyTenantFix on real Postgres", () => {
  it("records the pending row before the PATCH, sends exactly the planned bodies, verifies, and finishes the rows", async () => {
    const graph = await tenant();
    const seenAtPatch: unknown[] = [];
    graph.onPatch = async (policyId, body) => {
      const rows = await prisma.remediationChange.findMany({ where: { tenantId: graph.tenantId, policyId } });
      seenAtPatch.push(rows.map((r) => ({ result: r.result, requestBody: r.requestBody, requestPath: r.requestPath, method: r.requestMethod, body })));
    };
    const before = graph.policy(ID.mfaAll);
    const { preview, runId, result } = await fix(graph);

    // The pending row was committed, with the request, before Graph saw the PATCH.
    expect(seenAtPatch).toEqual([
      [
        {
          result: "pending",
          requestBody: expectedBody(before),
          requestPath: `/identity/conditionalAccess/policies/${ID.mfaAll}`,
          method: "PATCH",
          body: expectedBody(before),
        },
      ],
    ]);
    // Exactly the planned bodies, and nothing else written.
    const planned = preview.policies.filter((p) => p.plan?.outcome === "patch").map((p) => ({ policyId: p.policyId, body: p.request?.body }));
    expect(graph.patches()).toEqual(planned);
    expect(graph.patches()).toHaveLength(1);
    // The preview's list; per policy a re-read (and the write right after it); then one list to verify.
    expect(graph.calls.map((c) => c.method)).toEqual(["listPolicies", "getPolicy", "patchPolicy", "getPolicy", "getPolicy", "getPolicy", "listPolicies"]);

    const byPolicy = new Map(result.items.map((i) => [i.policyId, i]));
    expect(byPolicy.get(ID.mfaAll)).toMatchObject({
      result: "applied",
      verification: "confirmed",
      error: null,
      graph: { status: 204, requestId: "request-1", clientRequestId: "client-1" },
    });
    expect(byPolicy.get(ID.excluded)).toMatchObject({ result: "skipped", plan: { outcome: "already-excluded" } });
    expect(byPolicy.get(ID.oneUser)).toMatchObject({ result: "skipped", plan: { outcome: "not-applicable" } });
    expect(byPolicy.get(ID.targetsPartner)?.result).toBe("skipped");
    expect(byPolicy.get(ID.targetsPartner)?.reason).toMatch(/^Needs review and was not confirmed/);
    expect(result.reread).toEqual({ ok: true, policies: 5 });

    const rows = await changesOf(runId);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.result !== "pending" && r.finishedAt !== null)).toBe(true);
    const applied = rows.find((r) => r.policyId === ID.mfaAll);
    expect(applied).toMatchObject({
      result: "applied",
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      policyName: "Require MFA for all users",
      requestMethod: "PATCH",
      requestPath: `/identity/conditionalAccess/policies/${ID.mfaAll}`,
      graphStatus: 204,
      graphRequestId: "request-1",
      graphClientRequestId: "client-1",
      error: null,
    });
    expect(applied?.before).toEqual(before);
    expect(applied?.requestBody).toEqual(expectedBody(before));
    expect(applied?.after).toEqual(graph.policy(ID.mfaAll));
    expect(planServiceProviderExclusion(applied?.after, PARTNER).outcome).toBe("already-excluded");
    const skipped = rows.filter((r) => r.result === "skipped");
    expect(skipped.every((r) => r.requestBody === null && r.requestMethod === null && r.before !== null)).toBe(true);

    // Snapshots now hold the re-read policies.
    const snapshots = await prisma.policySnapshot.findMany({ where: { tenantId: graph.tenantId } });
    expect(snapshots).toHaveLength(5);
    expect(snapshots.find((s) => s.policyId === ID.mfaAll)?.policy).toEqual(graph.policy(ID.mfaAll));
    // …and the tenant's counts follow: nothing is left to fix after the fix.
    expect(result.snapshots).toMatchObject({ stored: 5, policyCount: 5, needsFixCount: 0 });
    expect(await prisma.customerTenant.findUniqueOrThrow({ where: { id: graph.tenantId } })).toMatchObject({ policyCount: 5, needsFixCount: 0 });
  });

  it("sends no PATCH the second time: it re-reads, plans already-excluded and records skipped", async () => {
    const graph = await tenant();
    await fix(graph);
    expect(graph.patches()).toHaveLength(1);
    const { runId, result } = await fix(graph);
    expect(graph.patches()).toHaveLength(1);
    expect(result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({ result: "skipped", plan: { outcome: "already-excluded" } });
    const rows = await changesOf(runId);
    expect(rows.map((r) => r.result).sort()).toEqual(["skipped", "skipped", "skipped", "skipped"]);
  });

  it("re-plans a policy edited after the preview and does not write it", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    graph.edit(ID.mfaAll, { conditions: { users: { excludeUsers: [SOME_USER] } } });
    const edited = graph.policy(ID.mfaAll);
    const { runId, result } = await fix(graph, { preview });

    expect(graph.patches()).toEqual([]);
    expect(graph.policy(ID.mfaAll)).toEqual(edited);
    const item = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(item?.result).toBe("skipped");
    expect(item?.reason).toMatch(
      /^Changed since the preview: the policy was modified at 2026-11-01T00:00:01.000Z .*its users condition changed\. Nothing was written/,
    );
    // The new plan, from the edited policy, for the UI to show.
    expect(item?.changedSincePreview?.preview.plan?.outcome).toBe("patch");
    expect(item?.changedSincePreview?.preview.policy).toEqual(edited);
    expect(item?.changedSincePreview?.preview.fingerprint).not.toBe(preview.policies.find((p) => p.policyId === ID.mfaAll)?.fingerprint);
    const row = (await changesOf(runId)).find((r) => r.policyId === ID.mfaAll);
    expect(row).toMatchObject({ result: "skipped", requestBody: null });
    expect(row?.reason).toMatch(/Changed since the preview/);
    expect(row?.before).toEqual(edited);

    // Confirming the new preview writes it.
    const again = await fix(graph);
    expect(again.result.items.find((i) => i.policyId === ID.mfaAll)?.result).toBe("applied");
    expect(graph.patches()).toEqual([{ policyId: ID.mfaAll, body: expectedBody(edited) }]);
    expect((graph.policy(ID.mfaAll).conditions as { users: { excludeUsers: string[] } }).users.excludeUsers).toEqual([SOME_USER]);
  });

  it("records an edit that already added the exclusion as skipped, with the change noted", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    const body = expectedBody(graph.policy(ID.mfaAll));
    if (!body) throw new Error("no body");
    graph.edit(ID.mfaAll, body);
    const { result } = await fix(graph, { preview });
    expect(graph.patches()).toEqual([]);
    const item = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(item).toMatchObject({ result: "skipped", plan: { outcome: "already-excluded" } });
    expect(item?.reason).toMatch(/Changed since the preview.*Nothing needs to be sent/);
    expect(item?.changedSincePreview).not.toBeNull();
  });

  it("writes a needs-review policy only when it was confirmed", async () => {
    const graph = await tenant();
    const first = await fix(graph);
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
    expect(first.result.items.find((i) => i.policyId === ID.targetsPartner)?.result).toBe("skipped");

    const { result, runId } = await fix(graph, { confirm: [ID.targetsPartner] });
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll, ID.targetsPartner]);
    expect(result.items.find((i) => i.policyId === ID.targetsPartner)).toMatchObject({ result: "applied", verification: "confirmed" });
    const row = (await changesOf(runId)).find((r) => r.policyId === ID.targetsPartner);
    expect(row).toMatchObject({ result: "applied", plannedOutcome: "needs-review" });
    expect(row?.warnings.length).toBeGreaterThan(0);
  });

  it("turns a GraphFailure on the PATCH into a failed row with the readable message, and carries on", async () => {
    const graph = await tenant();
    graph.failNext(
      "patchPolicy",
      new GraphFailure("conflict", "Graph refused the change: the policy's users condition is invalid.", {
        status: 400,
        code: "BadRequest",
        requestId: "req-400",
        clientRequestId: "cli-400",
        graphMessage: "1036: invalid guestOrExternalUserTypes",
      }),
    );
    const { runId, result } = await fix(graph, { confirm: [ID.targetsPartner] });
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll, ID.targetsPartner]);
    const failed = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(failed).toMatchObject({ result: "failed", graph: { status: 400, requestId: "req-400", clientRequestId: "cli-400" } });
    expect(failed?.error).toBe(
      "Graph refused the change: the policy's users condition is invalid. (Graph: HTTP 400, BadRequest, 1036: invalid guestOrExternalUserTypes)",
    );
    expect(result.items.find((i) => i.policyId === ID.targetsPartner)?.result).toBe("applied");
    const row = (await changesOf(runId)).find((r) => r.policyId === ID.mfaAll);
    expect(row).toMatchObject({ result: "failed", graphStatus: 400, graphRequestId: "req-400", graphClientRequestId: "cli-400", error: failed?.error });
    expect(row?.finishedAt).not.toBeNull();
  });

  it("fails only the policy whose re-read fails", async () => {
    const graph = await tenant();
    graph.failNext("getPolicy", new GraphFailure("throttled", "Graph kept throttling requests to this tenant.", { status: 429 }), { policyId: ID.mfaAll });
    const { runId, result } = await fix(graph, { confirm: [ID.targetsPartner] });
    expect(result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({
      result: "failed",
      plan: null,
      error: "Graph kept throttling requests to this tenant. (Graph: HTTP 429)",
    });
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.targetsPartner]);
    const row = (await changesOf(runId)).find((r) => r.policyId === ID.mfaAll);
    expect(row).toMatchObject({ result: "failed", plannedOutcome: "not-planned", requestBody: null, before: null });
  });

  it("settles a write whose answer was lost from the verification re-read", async () => {
    const graph = await tenant();
    // The change lands but the answer is a 5xx after retries: the re-read shows it was made.
    graph.failNext("patchPolicy", new GraphFailure("unavailable", "Graph was unavailable.", { status: 503 }), { applyFirst: true });
    const { result, runId } = await fix(graph);
    const item = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(item).toMatchObject({ result: "applied", verification: "confirmed" });
    expect(item?.error).toMatch(/Graph reported a failure \(Graph was unavailable\. \(Graph: HTTP 503\)\), but the re-read policy shows the change/);
    expect((await changesOf(runId)).find((r) => r.policyId === ID.mfaAll)).toMatchObject({ result: "applied", graphStatus: 503 });

    // The same failure without the change landing: failed.
    const other = await tenant();
    other.failNext("patchPolicy", new GraphFailure("unavailable", "Graph was unavailable.", { status: 503 }));
    const second = await fix(other);
    expect(second.result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({
      result: "failed",
      verification: "not-shown",
      error: "Graph was unavailable. (Graph: HTTP 503)",
    });
  });

  it("keeps an unverifiable write pending, and the next run reconciles it", async () => {
    const graph = await tenant();
    graph.failNext("patchPolicy", new Error("socket hang up"), { applyFirst: true });
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    graph.failNext("listPolicies", new GraphFailure("unavailable", "Graph was unavailable."));
    const { result, runId } = await fix(graph, { preview });
    expect(result.reread).toEqual({ ok: false, error: "Graph was unavailable." });
    expect(result.snapshots).toEqual({ skipped: "the policies could not be re-read" });
    const item = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(item).toMatchObject({ result: "pending", verification: "unavailable" });
    expect(item?.error).toMatch(/^Unexpected error: socket hang up Whether the change was made could not be checked/);
    const pendingRow = (await changesOf(runId)).find((r) => r.policyId === ID.mfaAll);
    expect(pendingRow?.result).toBe("pending");

    const next = await fix(graph);
    expect(next.result.reconciled.finished).toEqual([{ changeId: pendingRow?.id, policyId: ID.mfaAll, result: "applied" }]);
    expect(await prisma.remediationChange.findUnique({ where: { id: pendingRow?.id } })).toMatchObject({ result: "applied", error: RECONCILED_APPLIED });
    expect(graph.patches()).toHaveLength(1);
  });

  it("marks a write Graph accepted but the re-read does not show as applied, with a verification error", async () => {
    const graph = await tenant();
    graph.onPatch = () => {
      graph.onPatch = null;
    };
    const original = graph.listPolicies.bind(graph);
    let lists = 0;
    graph.listPolicies = async () => {
      lists += 1;
      const policies = await original();
      // The verification list sees the policy as someone changed it back right after the write.
      return lists === 2 ? policies.map((p) => (p.id === ID.mfaAll ? (samplePolicies()[0] ?? p) : p)) : policies;
    };
    const { result, runId } = await fix(graph);
    const item = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(item).toMatchObject({ result: "applied", verification: "not-shown" });
    expect(item?.error).toMatch(/^Verification: the re-read policy does not show the change \(it now plans "patch"\)/);
    expect((await changesOf(runId)).find((r) => r.policyId === ID.mfaAll)?.error).toBe(item?.error);
  });

  it("deletes snapshots of policies that no longer exist, and skips snapshots for an unknown tenant", async () => {
    const graph = await tenant();
    await fix(graph);
    graph.remove(ID.disabled);
    const { result } = await fix(graph);
    expect(result.snapshots).toMatchObject({ stored: 4 });
    expect((await prisma.policySnapshot.findMany({ where: { tenantId: graph.tenantId } })).map((s) => s.policyId).sort()).toEqual(
      [ID.mfaAll, ID.excluded, ID.oneUser, ID.targetsPartner].sort(),
    );

    const unknown = await tenant(samplePolicies(), { known: false });
    const other = await fix(unknown);
    expect(other.result.snapshots).toMatchObject({ skipped: expect.stringMatching(/not in the portal's tenant list/) });
    expect(other.result.items.find((i) => i.policyId === ID.mfaAll)?.result).toBe("applied");
  });

  it("uses the same flow for the service-account exclusion", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, action: "exclude-service-account", accountObjectId: SOME_USER, policyIds: [ID.mfaAll, ID.oneUser] });
    const runId = await runningRun();
    const result = await applyTenantFix({
      prisma,
      graph,
      runId,
      action: "exclude-service-account",
      accountObjectId: SOME_USER,
      items: itemsOf(preview),
    });
    expect(graph.patches()).toEqual([{ policyId: ID.mfaAll, body: { conditions: { users: { excludeUsers: [SOME_USER] } } } }]);
    expect(result.items.map((i) => [i.policyId, i.result, i.verification])).toEqual([
      [ID.mfaAll, "applied", "confirmed"],
      [ID.oneUser, "skipped", null],
    ]);
    expect((await changesOf(runId)).map((r) => r.action)).toEqual(["exclude-service-account", "exclude-service-account"]);
  });

  it("stops writing when its send guard refuses: that policy and every later one recorded skipped, nothing more sent", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER, includeDisabled: true });
    const items = itemsFromPreview(preview);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const runId = await runningRun();
    let sends = 0;
    const stop = "Not written: the run was cancelled by operator@msp.example.";
    const result = await applyTenantFix({
      prisma,
      graph,
      runId,
      action: "exclude-service-provider",
      partnerTenantId: PARTNER,
      items,
      sendGuard: { beforeSend: async () => (sends++ === 0 ? null : stop) },
    });
    expect(graph.patches().map((p) => p.policyId)).toEqual([items[0]!.policyId]);
    expect(result.stopped).toBe(stop);
    expect(result.items.map((i) => [i.policyId, i.result, i.result === "skipped" ? i.reason : null])).toEqual(
      items.map((item, index) => [item.policyId, index === 0 ? "applied" : "skipped", index === 0 ? null : stop]),
    );
    // Only the refused policy was re-read and planned; the later ones were not even read.
    expect(graph.calls.filter((c) => c.method === "getPolicy").map((c) => (c as { policyId: string }).policyId)).toEqual(
      items.slice(0, 2).map((i) => i.policyId),
    );
    const rows = await prisma.remediationChange.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.policyId, r.result])).toEqual(items.map((item, index) => [item.policyId, index === 0 ? "applied" : "skipped"]));
    expect(rows[1]?.requestMethod).toBe("PATCH"); // intent recorded before the refusal, then finished skipped
  });

  it("writes nothing once shouldStop gives a reason, and records every policy skipped with it", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    const runId = await runningRun();
    const result = await applyTenantFix({
      prisma,
      graph,
      runId,
      action: "exclude-service-provider",
      partnerTenantId: PARTNER,
      items: itemsOf(preview),
      shouldStop: async () => "Not written: the run was cancelled.",
    });
    expect(graph.patches()).toEqual([]);
    expect(graph.calls.some((c) => c.method === "getPolicy")).toBe(false);
    expect(result.items.every((i) => i.result === "skipped" && i.reason === "Not written: the run was cancelled.")).toBe(true);
    expect(result.stopped).toBe("Not written: the run was cancelled.");
  });

  it("refuses a run that is not running, and a policy listed twice, before touching Graph", async () => {
    const graph = await tenant();
    const run = await createRun(prisma, { kind: "tenant-fix", requestedBy: { id: null, upn: "op@msp.example" }, scope: {}, options: {} });
    const base = { prisma, graph, action: "exclude-service-provider" as const, partnerTenantId: PARTNER };
    await expect(applyTenantFix({ ...base, runId: run.id, items: [] })).rejects.toThrow(RunStateError);
    await startRun(prisma, run.id);
    const item = { policyId: ID.mfaAll, expectedFingerprint: "x", confirmedNeedsReview: false };
    await expect(applyTenantFix({ ...base, runId: run.id, items: [item, item] })).rejects.toThrow(/listed twice/);
    await completeRun(prisma, run.id);
    await expect(applyTenantFix({ ...base, runId: run.id, items: [] })).rejects.toThrow(/is completed/);
    expect(graph.calls).toEqual([]);
  });
});

describe("two engines on one tenant", () => {
  it("never write the same tenant at once: the second is refused while the first works", async () => {
    const second = createPrismaClient(db.url); // another worker's connection pool
    try {
      const graph = await tenant();
      const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let inPatch!: () => void;
      const patching = new Promise<void>((resolve) => (inPatch = resolve));
      graph.onPatch = async () => {
        inPatch();
        await gate;
      };
      const first = fix(graph, { preview });
      try {
        await patching;
        await expect(fix(graph, { preview, client: second })).rejects.toThrow(TenantBusyError);
      } finally {
        release();
      }
      await first;
      expect(graph.patches()).toHaveLength(1);
    } finally {
      await second.$disconnect();
    }
  });

  it("a second engine that waits re-reads after the first and sends nothing", async () => {
    const second = createPrismaClient(db.url);
    try {
      const graph = await tenant();
      const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
      let inPatch!: () => void;
      const patching = new Promise<void>((resolve) => (inPatch = resolve));
      graph.onPatch = async () => {
        inPatch();
        await new Promise((resolve) => setTimeout(resolve, 300));
      };
      const first = fix(graph, { preview });
      await patching;
      const waiting = fix(graph, { preview, client: second, lockWaitMs: 10_000 });
      const [a, b] = await Promise.all([first, waiting]);
      expect(graph.patches()).toHaveLength(1);
      expect(a.result.items.find((i) => i.policyId === ID.mfaAll)?.result).toBe("applied");
      expect(b.result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({ result: "skipped", plan: { outcome: "already-excluded" } });
    } finally {
      await second.$disconnect();
    }
  });
});

describe("the tenant lock", () => {
  it("holds one tenant only: another tenant is fixed meanwhile", async () => {
    const busy = await tenant();
    const free = await tenant();
    const { patching, release } = busy.holdPatches();
    const first = fix(busy);
    try {
      await patching;
      const other = await fix(free);
      expect(other.result.items.find((i) => i.policyId === ID.mfaAll)?.result).toBe("applied");
    } finally {
      release();
    }
    await first;
  });

  it("is released when the work throws, and passes the error on", async () => {
    const tenantId = randomUUID();
    await expect(withTenantLock(prisma, tenantId, () => Promise.reject(new Error("engine stopped")))).rejects.toThrow("engine stopped");
    await expect(withTenantLock(prisma, tenantId, async () => "again")).resolves.toBe("again");
    // Inside the lock, the same tenant is busy for everyone else.
    const nested = await withTenantLock(prisma, tenantId, () => withTenantLock(prisma, tenantId.toUpperCase(), async () => "no").catch((e: unknown) => e));
    expect(nested).toBeInstanceOf(TenantBusyError);
  });
});

describe("reconcilePending", () => {
  it("finishes orphan pending rows both ways by re-reading the live policies", async () => {
    const graph = await tenant();
    const runId = await runningRun();
    const intent = (policy: GraphPolicy) => {
      const body = expectedBody(policy);
      if (!body) throw new Error("no body");
      return {
        runId,
        tenantId: graph.tenantId,
        policyId: policy.id,
        policyName: policy.displayName,
        action: "exclude-service-provider" as const,
        plannedOutcome: "patch",
        reason: "test",
        warnings: [],
        before: policy,
        request: { method: "PATCH" as const, path: `/identity/conditionalAccess/policies/${policy.id}`, body },
      };
    };
    // A crash after the PATCH landed, and one before it was sent.
    const landed = await recordPending(prisma, intent(graph.policy(ID.mfaAll)));
    graph.edit(ID.mfaAll, intent(graph.policy(ID.mfaAll)).request.body);
    const lost = await recordPending(prisma, intent(graph.policy(ID.disabled)));

    const result = await reconcilePending(prisma, graph, { targets: [{ action: "exclude-service-provider", partnerTenantId: PARTNER }] });
    expect(result.finished).toEqual([
      { changeId: landed, policyId: ID.mfaAll, result: "applied" },
      { changeId: lost, policyId: ID.disabled, result: "failed" },
    ]);
    expect(result.stillPending).toEqual([]);
    expect(await prisma.remediationChange.findUnique({ where: { id: landed } })).toMatchObject({ result: "applied", error: RECONCILED_APPLIED });
    expect((await prisma.remediationChange.findUnique({ where: { id: landed } }))?.after).toEqual(graph.policy(ID.mfaAll));
    expect(await prisma.remediationChange.findUnique({ where: { id: lost } })).toMatchObject({ result: "failed", error: RECONCILED_FAILED });
    expect(graph.patches()).toEqual([]);
    expect(graph.policy(ID.disabled)).toEqual(samplePolicies().find((p) => p.id === ID.disabled));

    // Nothing left: a second reconciliation does nothing.
    expect(await reconcilePending(prisma, graph)).toEqual({ finished: [], stillPending: [] });
  });

  it("recognises the change from the recorded request alone, and leaves rows pending while Graph cannot answer", async () => {
    const graph = await tenant();
    const runId = await runningRun();
    const body = expectedBody(graph.policy(ID.mfaAll));
    if (!body) throw new Error("no body");
    const base = {
      runId,
      tenantId: graph.tenantId,
      policyName: "p",
      action: "exclude-service-provider" as const,
      plannedOutcome: "patch",
      reason: "r",
      warnings: [],
      before: null,
    };
    const a = await recordPending(prisma, { ...base, policyId: ID.mfaAll, request: { method: "PATCH", path: "/x", body } });
    graph.edit(ID.mfaAll, body);
    const b = await recordPending(prisma, { ...base, policyId: ID.excluded, request: { method: "PATCH", path: "/y", body } });
    graph.failNext("getPolicy", new GraphFailure("unavailable", "Graph was unavailable."), { policyId: ID.excluded });

    const first = await reconcilePending(prisma, graph); // no targets: judged by the recorded request
    expect(first.finished).toEqual([{ changeId: a, policyId: ID.mfaAll, result: "applied" }]);
    expect(first.stillPending).toEqual([{ changeId: b, policyId: ID.excluded, error: "Graph was unavailable." }]);
    const second = await reconcilePending(prisma, graph);
    expect(second.finished).toEqual([{ changeId: b, policyId: ID.excluded, result: "applied" }]);
  });

  it("fails a pending row whose policy was deleted", async () => {
    const graph = await tenant();
    const runId = await runningRun();
    const body = expectedBody(graph.policy(ID.mfaAll));
    if (!body) throw new Error("no body");
    const id = await recordPending(prisma, {
      runId,
      tenantId: graph.tenantId,
      policyId: ID.mfaAll,
      policyName: "p",
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      reason: "r",
      warnings: [],
      before: null,
      request: { method: "PATCH", path: "/x", body },
    });
    graph.remove(ID.mfaAll);
    expect((await reconcilePending(prisma, graph)).finished).toEqual([{ changeId: id, policyId: ID.mfaAll, result: "failed" }]);
    expect((await prisma.remediationChange.findUnique({ where: { id } }))?.error).toMatch(/no longer exists/);
  });

  it("refuses to reconcile while another engine holds the tenant", async () => {
    const graph = await tenant();
    const { patching, release } = graph.holdPatches();
    const running = fix(graph);
    try {
      await patching;
      // The in-flight row is pending right now; reconciliation must not judge it.
      await expect(reconcilePending(prisma, graph)).rejects.toThrow(TenantBusyError);
    } finally {
      release();
    }
    const { runId } = await running;
    expect((await changesOf(runId)).find((r) => r.policyId === ID.mfaAll)).toMatchObject({ result: "applied", error: null });
  });
});

describe("losing the tenant lock", () => {
  it("stops writing, down to a PATCH waiting for its turn, and records every unwritten policy", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    const planned = preview.policies.filter((p) => p.request !== null).length;
    expect(planned).toBeGreaterThan(1);
    let first = true;
    graph.onPatch = async () => {
      if (!first) return;
      first = false;
      // The lock's connection dies while the first PATCH is in flight (a failover, a killed backend).
      await prisma.$executeRawUnsafe(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'portal-locks' and datname = current_database()",
      );
      await expect
        .poll(
          async () =>
            (
              await prisma.$queryRawUnsafe<{ n: bigint }[]>(
                "select count(*) as n from pg_stat_activity where application_name = 'portal-locks' and datname = current_database()",
              )
            )[0]?.n,
        )
        .toBe(0n);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the client hears of it
    };
    const { result } = await fix(graph, { preview });
    expect(graph.patches()).toHaveLength(1);
    // The first policy was written; every later one is recorded, unwritten, with the reason.
    const [written, ...later] = result.items;
    expect(written?.result).toBe("applied");
    expect(later.length).toBeGreaterThan(0);
    for (const item of later) expect(item).toMatchObject({ result: "skipped", reason: LOCK_LOST });
    expect(result.stopped).toBe(LOCK_LOST);
  });
});
