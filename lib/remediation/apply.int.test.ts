import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServiceAccountPolicy, dedicatedPolicyRepairBody, planServiceProviderExclusion, serviceAccountPolicyDrift } from "../ca";
import { createPrismaClient } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { GraphFailure, type GraphPolicy } from "../graph/tenant-graph-contract";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { POLICIES_PATH, policyPath, type DedicatedPolicyAction, type FixTarget } from "./actions";
import { applyTenantFix, LOCK_LOST, RunNotRunningError } from "./apply";
import { BETA_RETRY_NOTE, SECURITY_DEFAULTS_EXPLANATION } from "./dedicated-policy";
import { recordPending } from "./history";
import type { ApplyItem, TenantPreview } from "./items";
import { TenantBusyError, withTenantLock } from "./lock";
import { itemsFromPreview, previewPolicy, previewTenant, type PolicyScope } from "./preview";
import { RECONCILED_APPLIED, RECONCILED_FAILED, reconcilePending } from "./reconcile";
import { storeSnapshots } from "../snapshots/store";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ACCOUNT, BREAK_GLASS, liveDedicated, mfaForAll } from "../../testing/partner/policies";
import { ID, PARTNER, SOME_USER, samplePolicies } from "../../testing/remediation/policies";
import { runningRun } from "../../testing/remediation/runs";

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

const SP = { action: "exclude-service-provider", partnerTenantId: PARTNER } as const satisfies FixTarget;

/** Every previewed policy as an item (also those without a request: the engine re-plans and records them). */
function itemsOf(preview: TenantPreview, confirm: readonly string[] = []): ApplyItem[] {
  return preview.policies.map((p) => ({
    policyId: p.policyId,
    expectedFingerprint: p.fingerprint,
    confirmedNeedsReview: p.policyId !== null && confirm.includes(p.policyId),
  }));
}

async function fix(
  graph: FakeTenantGraph,
  options: { target?: FixTarget; scope?: PolicyScope; confirm?: string[]; preview?: TenantPreview; client?: PrismaClient; lockWaitMs?: number } = {},
) {
  const target = options.target ?? SP;
  const preview = options.preview ?? (await previewTenant({ graph, target, scope: options.scope }));
  const client = options.client ?? prisma;
  const runId = await runningRun(client, target);
  const result = await applyTenantFix({
    prisma: client,
    graph,
    runId,
    target,
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
    const planned = preview.policies.filter((p) => p.outcome === "patch").map((p) => ({ policyId: p.policyId, body: p.request?.body }));
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
    expect(byPolicy.get(ID.excluded)).toMatchObject({ result: "skipped", outcome: "already-excluded" });
    expect(byPolicy.get(ID.oneUser)).toMatchObject({ result: "skipped", outcome: "not-applicable" });
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
    expect(result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({ result: "skipped", outcome: "already-excluded" });
    const rows = await changesOf(runId);
    expect(rows.map((r) => r.result).sort()).toEqual(["skipped", "skipped", "skipped", "skipped"]);
  });

  it("re-plans a policy edited after the preview and does not write it", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, target: SP });
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
    expect(item?.changedSincePreview?.preview.outcome).toBe("patch");
    expect(item?.changedSincePreview?.preview.before).toEqual(edited);
    expect(item?.changedSincePreview?.preview.request?.body).toEqual(expectedBody(edited));
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
    const preview = await previewTenant({ graph, target: SP });
    const body = expectedBody(graph.policy(ID.mfaAll));
    if (!body) throw new Error("no body");
    graph.edit(ID.mfaAll, body);
    const { result } = await fix(graph, { preview });
    expect(graph.patches()).toEqual([]);
    const item = result.items.find((i) => i.policyId === ID.mfaAll);
    expect(item).toMatchObject({ result: "skipped", outcome: "already-excluded" });
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
      outcome: null,
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
    const preview = await previewTenant({ graph, target: SP });
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
    const target = {
      action: "exclude-service-account",
      accountObjectId: SOME_USER,
      accountUpn: "svc@msp.example",
      dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: "CIPP Service Account Conditional Access Policy" },
    } as const;
    const { runId, result } = await fix(graph, { target, scope: { policyIds: [ID.mfaAll, ID.oneUser] } });
    expect(graph.patches()).toEqual([{ policyId: ID.mfaAll, body: { conditions: { users: { excludeUsers: [SOME_USER] } } } }]);
    expect(result.items.map((i) => [i.policyId, i.result, i.verification])).toEqual([
      [ID.mfaAll, "applied", "confirmed"],
      [ID.oneUser, "skipped", null],
    ]);
    expect((await changesOf(runId)).map((r) => r.action)).toEqual(["exclude-service-account", "exclude-service-account"]);
  });

  it("stops writing when its send guard refuses: that policy and every later one recorded skipped, nothing more sent", async () => {
    const graph = await tenant();
    const preview = await previewTenant({ graph, target: SP, scope: { states: "all" } });
    const items = itemsFromPreview(preview, new Set());
    expect(items.length).toBeGreaterThanOrEqual(2);
    const runId = await runningRun(prisma, SP);
    let sends = 0;
    const stop = "Not written: the run was cancelled by operator@msp.example.";
    const result = await applyTenantFix({
      prisma,
      graph,
      runId,
      target: SP,
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
    const preview = await previewTenant({ graph, target: SP });
    const runId = await runningRun(prisma, SP);
    const result = await applyTenantFix({
      prisma,
      graph,
      runId,
      target: SP,
      items: itemsOf(preview),
      shouldStop: async () => "Not written: the run was cancelled.",
    });
    expect(graph.patches()).toEqual([]);
    expect(graph.calls.some((c) => c.method === "getPolicy")).toBe(false);
    expect(result.items.every((i) => i.result === "skipped" && i.reason === "Not written: the run was cancelled.")).toBe(true);
    expect(result.stopped).toBe("Not written: the run was cancelled.");
  });

  it("names the policies it did not read as the tenant's snapshots do (a policy without one by its id)", async () => {
    const policies = samplePolicies();
    const graph = await tenant(policies);
    const [unnamed, ...named] = policies;
    await storeSnapshots(prisma, graph.tenantId, named, PARTNER, { seenBy: "sync" });
    const preview = await previewTenant({ graph, target: SP, scope: { states: "all" } });
    const runId = await runningRun(prisma, SP);
    await applyTenantFix({ prisma, graph, runId, target: SP, items: itemsOf(preview), shouldStop: async () => "Not written: the run was cancelled." });
    const rows = await prisma.remediationChange.findMany({ where: { runId }, select: { policyId: true, policyName: true } });
    expect(new Map(rows.map((r) => [r.policyId, r.policyName]))).toEqual(
      new Map([[unnamed!.id, unnamed!.id], ...named.map((p) => [p.id, p.displayName] as [string, string])]),
    );
  });

  it("refuses a run that is not running, a policy listed twice, and an item without a policy outside a create, before touching Graph", async () => {
    const graph = await tenant();
    // lib/runs moves a run to running when its job starts; the engine only checks.
    const runId = await runningRun(prisma, SP);
    await prisma.remediationRun.update({ where: { id: runId }, data: { status: "queued", startedAt: null } });
    const base = { prisma, graph, target: SP };
    await expect(applyTenantFix({ ...base, runId, items: [] })).rejects.toThrow(RunNotRunningError);
    await expect(applyTenantFix({ ...base, runId, items: [] })).rejects.toThrow(/is queued; only a running run can record changes/);
    await expect(applyTenantFix({ ...base, runId: randomUUID(), items: [] })).rejects.toThrow(/does not exist/);
    await prisma.remediationRun.update({ where: { id: runId }, data: { status: "running", startedAt: new Date() } });
    const item = { policyId: ID.mfaAll, expectedFingerprint: "x", confirmedNeedsReview: false };
    await expect(applyTenantFix({ ...base, runId, items: [item, item] })).rejects.toThrow(/listed twice/);
    await expect(applyTenantFix({ ...base, runId, items: [{ ...item, policyId: null }] })).rejects.toThrow(/Only a create names no policy/);
    await prisma.remediationRun.update({ where: { id: runId }, data: { status: "succeeded", finishedAt: new Date() } });
    await expect(applyTenantFix({ ...base, runId, items: [] })).rejects.toThrow(/is succeeded/);
    expect(graph.calls).toEqual([]);
    expect(await changesOf(runId)).toEqual([]);
  });
});

describe("two engines on one tenant", () => {
  it("never write the same tenant at once: the second is refused while the first works", async () => {
    const second = createPrismaClient(db.url); // another worker's connection pool
    try {
      const graph = await tenant();
      const preview = await previewTenant({ graph, target: SP });
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
      const preview = await previewTenant({ graph, target: SP });
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
      expect(b.result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({ result: "skipped", outcome: "already-excluded" });
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
    const runId = await runningRun(prisma, SP);
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

    const result = await reconcilePending(prisma, graph);
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
    // The run's target (another MSP tenant) is not what the policy shows: only the recorded request can tell.
    const runId = await runningRun(prisma, { action: "exclude-service-provider", partnerTenantId: "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb" });
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

    const first = await reconcilePending(prisma, graph);
    expect(first.finished).toEqual([{ changeId: a, policyId: ID.mfaAll, result: "applied" }]);
    expect(first.stillPending).toEqual([{ changeId: b, policyId: ID.excluded, error: "Graph was unavailable." }]);
    const second = await reconcilePending(prisma, graph);
    expect(second.finished).toEqual([{ changeId: b, policyId: ID.excluded, result: "applied" }]);
  });

  it("fails a pending row whose policy was deleted", async () => {
    const graph = await tenant();
    const runId = await runningRun(prisma, SP);
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
    const preview = await previewTenant({ graph, target: SP });
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

// The service account's dedicated policy in the partner tenant: the engine's own items (create,
// repair, enforce), one request each, recorded like every other write.
describe("the dedicated policy", () => {
  const NAME = "CIPP Service Account Conditional Access Policy";
  const UPN = "svc-automation@tailwindmsp.example";
  const DED = liveDedicated().id;
  const GROUP = "11111111-2222-4333-8444-555555555555";
  const dedicated = (action: DedicatedPolicyAction, dedicatedPolicyId: string | null = null): FixTarget => ({
    action,
    accountObjectId: ACCOUNT,
    accountUpn: UPN,
    dedicatedPolicy: { dedicatedPolicyId, dedicatedPolicyName: NAME },
  });
  const exclusion: FixTarget = {
    action: "exclude-service-account",
    accountObjectId: ACCOUNT,
    accountUpn: UPN,
    dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: NAME },
  };
  const create = dedicated("create-service-account-policy");
  const repair = dedicated("repair-service-account-policy", DED);
  const enforce = dedicated("enforce-service-account-policy", DED);
  /** The partner tenant: not one of the portal's customers (no snapshots). */
  const partner = (policies: GraphPolicy[] = []) => tenant([mfaForAll(ID.mfaAll, "Require MFA for admins"), ...policies], { known: false });
  const reportOnly = () => buildServiceAccountPolicy({ accountId: ACCOUNT, displayName: NAME, state: "enabledForReportingButNotEnforced" });
  const driftOf = (policy: unknown) => serviceAccountPolicyDrift(policy, { accountId: ACCOUNT });
  const everyTimeRefusal = () =>
    new GraphFailure("conflict", "Microsoft Graph refused the request.", {
      status: 400,
      code: "BadRequest",
      graphMessage:
        "'everyTime' value for 'frequencyInterval' property in 'signInFrequency' session control is not supported for this policy in this API version. Please use the beta endpoint.",
    });
  const unavailable = () => new GraphFailure("unavailable", "Graph was unavailable.", { status: 503 });
  const writes = (graph: FakeTenantGraph) =>
    graph.calls.flatMap((c) => (c.method === "patchPolicy" || c.method === "createPolicy" ? [`${c.method} ${c.apiVersion}`] : []));

  describe("create", () => {
    it("sends one POST on v1.0 of lib/ca's policy, report-only, and records it applied with the new policy", async () => {
      const graph = await partner();
      const { preview, runId, result } = await fix(graph, { target: create });
      const body = reportOnly();
      expect(preview.policies).toMatchObject([
        { policyId: null, name: NAME, outcome: "create", before: null, request: { method: "POST", path: POLICIES_PATH } },
      ]);
      expect(preview.policies[0]?.request?.body).toEqual(body);

      expect(graph.creates()).toEqual([{ body, apiVersion: "v1.0" }]);
      expect(graph.patches()).toEqual([]);
      // The preview's list; the re-read (a create: the list); the POST; the verification list.
      expect(graph.calls.map((c) => c.method)).toEqual(["listPolicies", "listPolicies", "createPolicy", "listPolicies"]);

      const [item] = result.items;
      const createdId = (item?.after as { id: string } | null)?.id ?? "";
      expect(graph.policy(createdId)).toMatchObject({ ...body, id: createdId });
      expect(driftOf(graph.policy(createdId))).toEqual([]);
      expect(item).toMatchObject({
        policyId: null,
        policyName: NAME,
        result: "applied",
        outcome: "create",
        verification: "confirmed",
        error: null,
        request: { method: "POST", path: POLICIES_PATH, body },
        graph: { status: 201, requestId: "request-1", clientRequestId: "client-1" },
      });
      expect(item?.after).toEqual(graph.policy(createdId));

      const rows = await changesOf(runId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id: item?.changeId,
        policyId: null,
        policyName: NAME,
        action: "create-service-account-policy",
        plannedOutcome: "create",
        result: "applied",
        requestMethod: "POST",
        requestPath: POLICIES_PATH,
        graphStatus: 201,
        error: null,
        before: null,
      });
      expect(rows[0]?.requestBody).toEqual(body);
      expect(rows[0]?.after).toEqual(graph.policy(createdId));
      expect(result.snapshots).toMatchObject({ skipped: expect.stringMatching(/not in the portal's tenant list/) });

      // Creating again finds it: nothing is sent.
      const again = await fix(graph, { target: create });
      expect(again.preview.policies).toMatchObject([{ policyId: createdId, outcome: "exists", request: null }]);
      expect(again.result.items).toMatchObject([{ result: "skipped", outcome: "exists" }]);
      expect(graph.creates()).toHaveLength(1);
    });

    it("creates nothing when a policy with the name exists: skipped, 'exists', no write", async () => {
      const graph = await partner([liveDedicated()]);
      const { preview, runId, result } = await fix(graph, { target: create });
      expect(preview.policies).toMatchObject([{ policyId: DED, outcome: "exists", request: null }]);
      // Nothing a person could confirm…
      expect(itemsFromPreview(preview, new Set())).toEqual([]);
      // …and, given anyway, nothing written.
      expect(result.items).toMatchObject([{ policyId: DED, result: "skipped", outcome: "exists", request: null, changedSincePreview: null }]);
      expect(result.items[0]?.reason).toBe(`The dedicated policy "${NAME}" exists already and has the expected shape; nothing is created.`);
      expect(writes(graph)).toEqual([]);
      expect(await changesOf(runId)).toMatchObject([{ result: "skipped", plannedOutcome: "exists", requestMethod: null, requestBody: null }]);
    });

    it("creates nothing when a policy appeared after the preview: skipped as changed since the preview", async () => {
      const graph = await partner();
      const preview = await previewTenant({ graph, target: create });
      expect(preview.policies).toMatchObject([{ policyId: null, outcome: "create" }]);
      // Someone else creates it (another admin, the Entra admin center) before the confirmation.
      const made = await graph.createPolicy(buildServiceAccountPolicy({ accountId: ACCOUNT, displayName: NAME }));
      const madeId = (made.body as { id: string }).id;

      const { runId, result } = await fix(graph, { target: create, preview });
      expect(graph.creates()).toHaveLength(1);
      const [item] = result.items;
      expect(item).toMatchObject({ policyId: null, result: "skipped", outcome: "exists", request: null });
      expect(item?.reason).toMatch(
        /exists already .*\(Changed since the preview: .*the planned request differs from the one previewed\. Nothing needs to be sent\.\)$/,
      );
      expect(item?.changedSincePreview?.preview).toMatchObject({ policyId: madeId, outcome: "exists", request: null });
      expect(await changesOf(runId)).toMatchObject([{ policyId: null, result: "skipped", requestBody: null }]);
      expect((await graph.listPolicies()).filter((p) => p.displayName === NAME)).toHaveLength(1);
    });
  });

  it("repairs a drifted policy with one PATCH of lib/ca's repair body, verified without drift, name and state kept", async () => {
    const graph = await partner([liveDedicated()]);
    graph.edit(DED, { conditions: { users: { includeGroups: [GROUP], excludeUsers: [BREAK_GLASS] } } });
    const before = graph.policy(DED);
    const drift = driftOf(before);
    expect(drift.length).toBeGreaterThan(0);

    const { preview, runId, result } = await fix(graph, { target: repair });
    expect(preview.policies).toMatchObject([{ policyId: DED, outcome: "repair", before }]);
    expect(graph.patches()).toEqual([{ policyId: DED, body: dedicatedPolicyRepairBody(before, ACCOUNT) }]);
    expect(writes(graph)).toEqual(["patchPolicy v1.0"]);
    expect(result.items).toMatchObject([{ policyId: DED, result: "applied", outcome: "repair", verification: "confirmed", error: null }]);
    expect(driftOf(graph.policy(DED))).toEqual([]);
    expect(graph.policy(DED)).toMatchObject({ displayName: NAME, state: before.state });

    const [row] = await changesOf(runId);
    expect(row).toMatchObject({ result: "applied", plannedOutcome: "repair", requestMethod: "PATCH", requestPath: policyPath(DED), graphStatus: 204 });
    for (const sentence of drift) expect(row?.reason).toContain(sentence);
    expect(row?.before).toEqual(before);
    expect(row?.after).toEqual(graph.policy(DED));

    // In shape now: nothing to send.
    const again = await fix(graph, { target: repair });
    expect(again.result.items).toMatchObject([{ result: "skipped", outcome: "no-drift" }]);
    expect(graph.patches()).toHaveLength(1);
  });

  describe("enforce", () => {
    it("sends state enabled and nothing else; the warnings name the account and who could be locked out", async () => {
      const graph = await partner([liveDedicated()]);
      const { preview, runId, result } = await fix(graph, { target: enforce });
      const [p] = preview.policies;
      expect(p).toMatchObject({ policyId: DED, outcome: "enforce", request: { method: "PATCH", path: policyPath(DED), body: { state: "enabled" } } });
      expect(p?.warnings).toHaveLength(2);
      expect(p?.warnings.join(" ")).toContain(UPN);
      expect(p?.warnings.join(" ")).toMatch(/must pass multifactor authentication, every time/);
      expect(p?.warnings.join(" ")).toMatch(/is blocked, and with it the portal's delegated access to every customer/);

      expect(graph.patches()).toEqual([{ policyId: DED, body: { state: "enabled" } }]);
      expect(writes(graph)).toEqual(["patchPolicy v1.0"]);
      expect(graph.policy(DED).state).toBe("enabled");
      expect(result.items).toMatchObject([{ result: "applied", outcome: "enforce", verification: "confirmed", error: null }]);
      const [row] = await changesOf(runId);
      expect(row).toMatchObject({ result: "applied", plannedOutcome: "enforce", warnings: p?.warnings, requestBody: { state: "enabled" } });

      const again = await fix(graph, { target: enforce });
      expect(again.result.items).toMatchObject([{ result: "skipped", outcome: "already-enforced" }]);
      expect(graph.patches()).toHaveLength(1);
    });

    it("names the other users a drifted policy includes, and that it still differs, in the warnings and in history", async () => {
      const graph = await partner([liveDedicated()]);
      graph.edit(DED, { conditions: { users: { includeUsers: [ACCOUNT, BREAK_GLASS] } } });
      const { preview, runId } = await fix(graph, { target: enforce });
      const warnings = preview.policies[0]?.warnings ?? [];
      const others = warnings.find((w) => w.startsWith("It also applies to more than the service account"));
      expect(others).toContain(BREAK_GLASS);
      expect(warnings.some((w) => w.startsWith("It still differs from the expected shape (repair it first)"))).toBe(true);
      // A person confirmed with these words in front of them: sent, and the words kept with the write.
      expect(graph.patches()).toEqual([{ policyId: DED, body: { state: "enabled" } }]);
      expect((await changesOf(runId))[0]).toMatchObject({ result: "applied", warnings });
    });

    it("a refusal because security defaults are on fails with the explanation, and nothing is retried", async () => {
      const graph = await partner([liveDedicated()]);
      const refusal = new GraphFailure("security-defaults", "Security defaults are enabled in the tenant.", {
        status: 400,
        code: "BadRequest",
        requestId: "req-sd",
        graphMessage: "Security Defaults is enabled in the tenant. Please disable Security Defaults to enable Conditional Access policies.",
      });
      graph.failNext("patchPolicy", refusal);
      const { runId, result } = await fix(graph, { target: enforce });
      expect(writes(graph)).toEqual(["patchPolicy v1.0"]);
      const [item] = result.items;
      expect(item).toMatchObject({ result: "failed", problem: "security-defaults", graph: { status: 400, requestId: "req-sd" } });
      expect(item?.error).toBe(
        `${SECURITY_DEFAULTS_EXPLANATION} (Security defaults are enabled in the tenant. (Graph: HTTP 400, BadRequest, Security Defaults is enabled in the tenant. Please disable Security Defaults to enable Conditional Access policies.))`,
      );
      expect(await changesOf(runId)).toMatchObject([{ result: "failed", error: item?.error, graphStatus: 400, graphRequestId: "req-sd" }]);
      expect(graph.policy(DED)).toEqual(liveDedicated());
    });
  });

  describe("Graph v1.0 refusing 'every time'", () => {
    it("sends the same PATCH once more on /beta: two history rows, the second /beta… and applied", async () => {
      const graph = await partner([liveDedicated()]);
      graph.failNext("patchPolicy", everyTimeRefusal());
      const { runId, result } = await fix(graph, { target: enforce });
      expect(writes(graph)).toEqual(["patchPolicy v1.0", "patchPolicy beta"]);
      expect(graph.patches()).toEqual([
        { policyId: DED, body: { state: "enabled" } },
        { policyId: DED, body: { state: "enabled" } },
      ]);
      const rows = await changesOf(runId);
      expect(rows.map((r) => [r.requestMethod, r.requestPath, r.result])).toEqual([
        ["PATCH", policyPath(DED), "failed"],
        ["PATCH", `/beta${policyPath(DED)}`, "applied"],
      ]);
      expect(rows[0]).toMatchObject({ graphStatus: 400, error: expect.stringMatching(/'everyTime' .* not supported for this policy in this API version/) });
      expect(rows[1]?.requestBody).toEqual({ state: "enabled" });
      expect(rows[1]?.reason).toContain(BETA_RETRY_NOTE);
      expect(rows[1]?.after).toEqual(graph.policy(DED));
      expect(result.items).toHaveLength(1);
      expect(result.items[0]).toMatchObject({
        changeId: rows[1]?.id,
        result: "applied",
        verification: "confirmed",
        request: { method: "PATCH", path: `/beta${policyPath(DED)}`, body: { state: "enabled" } },
      });
      expect(result.items[0]?.reason).toContain(BETA_RETRY_NOTE);
      expect(graph.policy(DED).state).toBe("enabled");
    });

    it("retries a create's POST the same way, and creates exactly one policy", async () => {
      const graph = await partner();
      graph.failNext("createPolicy", everyTimeRefusal());
      const { runId, result } = await fix(graph, { target: create });
      expect(graph.creates()).toEqual([
        { body: reportOnly(), apiVersion: "v1.0" },
        { body: reportOnly(), apiVersion: "beta" },
      ]);
      const rows = await changesOf(runId);
      expect(rows.map((r) => [r.requestMethod, r.requestPath, r.result])).toEqual([
        ["POST", POLICIES_PATH, "failed"],
        ["POST", `/beta${POLICIES_PATH}`, "applied"],
      ]);
      const made = (await graph.listPolicies()).filter((p) => p.displayName === NAME);
      expect(made).toHaveLength(1);
      expect(rows[1]?.after).toEqual(made[0]);
      expect(result.items).toMatchObject([{ result: "applied", verification: "confirmed", request: { path: `/beta${POLICIES_PATH}` } }]);
    });

    it("does not retry any other 400, and a refusal on /beta is final", async () => {
      // everyTime refused for another reason (a period given with it): a real error, not the API version.
      const other = await partner([liveDedicated()]);
      other.edit(DED, { conditions: { users: { excludeUsers: [BREAK_GLASS] } } });
      other.failNext(
        "patchPolicy",
        new GraphFailure("conflict", "Microsoft Graph refused the request.", {
          status: 400,
          graphMessage:
            "1104: 'everyTime' value for 'frequencyInterval' property in 'signInFrequency' session control does not support 'type' and 'value' properties; they must be null.",
        }),
      );
      const refused = await fix(other, { target: repair });
      expect(writes(other)).toEqual(["patchPolicy v1.0"]);
      expect(refused.result.items).toMatchObject([{ result: "failed", problem: "conflict" }]);
      expect((await changesOf(refused.runId)).map((r) => [r.requestPath, r.result])).toEqual([[policyPath(DED), "failed"]]);

      const twice = await partner([liveDedicated()]);
      twice.failNext("patchPolicy", everyTimeRefusal());
      twice.failNext("patchPolicy", everyTimeRefusal());
      const both = await fix(twice, { target: enforce });
      expect(writes(twice)).toEqual(["patchPolicy v1.0", "patchPolicy beta"]);
      expect((await changesOf(both.runId)).map((r) => [r.requestPath, r.result])).toEqual([
        [policyPath(DED), "failed"],
        [`/beta${policyPath(DED)}`, "failed"],
      ]);
      expect(both.result.items).toMatchObject([{ result: "failed", request: { path: `/beta${policyPath(DED)}` } }]);
      expect(twice.policy(DED).state).toBe("enabledForReportingButNotEnforced");
    });

    it("is retried for the dedicated policy only: an exclusion's PATCH is never sent to /beta", async () => {
      const graph = await tenant();
      graph.failNext("patchPolicy", everyTimeRefusal());
      const { runId, result } = await fix(graph);
      expect(writes(graph)).toEqual(["patchPolicy v1.0"]);
      expect(result.items.find((i) => i.policyId === ID.mfaAll)).toMatchObject({ result: "failed" });
      expect((await changesOf(runId)).filter((r) => r.requestPath !== null).map((r) => [r.requestPath, r.result])).toEqual([[policyPath(ID.mfaAll), "failed"]]);
    });
  });

  it("settles a create whose answer was lost from the verification list: applied when the policy is there, failed when not", async () => {
    const landed = await partner();
    const send = landed.createPolicy.bind(landed);
    landed.createPolicy = async (body, options) => {
      await send(body, options);
      throw unavailable();
    };
    const made = await fix(landed, { target: create });
    const policy = (await landed.listPolicies()).find((p) => p.displayName === NAME);
    expect(made.result.items).toMatchObject([{ result: "applied", verification: "confirmed", after: policy }]);
    expect(made.result.items[0]?.error).toMatch(
      /^Graph reported a failure \(Graph was unavailable\. \(Graph: HTTP 503\)\), but the re-read policy shows the change/,
    );
    expect(await changesOf(made.runId)).toMatchObject([{ result: "applied", after: policy, graphStatus: 503 }]);

    const lost = await partner();
    lost.failNext("createPolicy", unavailable());
    const notMade = await fix(lost, { target: create });
    expect(notMade.result.items).toMatchObject([{ result: "failed", problem: "unavailable" }]);
    expect(await changesOf(notMade.runId)).toMatchObject([{ result: "failed", requestMethod: "POST" }]);
    expect((await lost.listPolicies()).some((p) => p.displayName === NAME)).toBe(false);
  });

  describe("a write a crash left pending", () => {
    /** The POST goes (or not), then the answer is lost and the verification list fails: the engine cannot tell. */
    function losePost(graph: FakeTenantGraph, lands: boolean) {
      const send = graph.createPolicy.bind(graph);
      graph.createPolicy = async (body, options) => {
        if (lands) await send(body, options);
        graph.failNext("listPolicies", unavailable());
        throw new Error("socket hang up");
      };
      return () => {
        graph.createPolicy = send;
      };
    }

    it("a create is settled applied when a policy with its name exists, before the next write, and never sent twice", async () => {
      const graph = await partner();
      const restore = losePost(graph, true);
      const first = await fix(graph, { target: create });
      restore();
      expect(first.result.items).toMatchObject([{ policyId: null, result: "pending", verification: "unavailable" }]);
      const [pending] = await changesOf(first.runId);
      expect(pending).toMatchObject({ result: "pending", policyId: null, requestMethod: "POST" });
      const made = (await graph.listPolicies()).find((p) => p.displayName === NAME);
      expect(made).toBeDefined();

      // The next engine on the tenant settles it first, then finds the policy: nothing is created again.
      const next = await fix(graph, { target: create });
      expect(next.result.reconciled).toEqual({ finished: [{ changeId: pending?.id, policyId: null, result: "applied" }], stillPending: [] });
      const settled = await prisma.remediationChange.findUniqueOrThrow({ where: { id: pending!.id } });
      expect(settled).toMatchObject({ result: "applied", error: RECONCILED_APPLIED });
      expect(settled.after).toEqual(made);
      expect(next.result.items).toMatchObject([{ result: "skipped", outcome: "exists" }]);
      expect(graph.creates()).toHaveLength(1);
    });

    it("a create is settled failed when no policy with its name exists, and the next create makes it", async () => {
      const graph = await partner();
      const restore = losePost(graph, false);
      const first = await fix(graph, { target: create });
      restore();
      expect(first.result.items).toMatchObject([{ result: "pending" }]);
      const [pending] = await changesOf(first.runId);

      expect(await reconcilePending(prisma, graph)).toEqual({ finished: [{ changeId: pending?.id, policyId: null, result: "failed" }], stillPending: [] });
      expect(await prisma.remediationChange.findUniqueOrThrow({ where: { id: pending!.id } })).toMatchObject({ result: "failed", error: RECONCILED_FAILED });

      const next = await fix(graph, { target: create });
      expect(next.result.items).toMatchObject([{ result: "applied", outcome: "create" }]);
      expect(graph.creates()).toHaveLength(1);
    });

    it("a create stays pending while the tenant's policies cannot be listed", async () => {
      const graph = await partner();
      const restore = losePost(graph, true);
      const first = await fix(graph, { target: create });
      restore();
      const [pending] = await changesOf(first.runId);
      graph.failNext("listPolicies", unavailable());
      expect(await reconcilePending(prisma, graph)).toEqual({
        finished: [],
        stillPending: [{ changeId: pending?.id, policyId: null, error: "Graph was unavailable. (Graph: HTTP 503)" }],
      });
      expect((await reconcilePending(prisma, graph)).finished).toEqual([{ changeId: pending?.id, policyId: null, result: "applied" }]);
    });

    it("an enforce whose answer was lost is settled by re-reading the policy", async () => {
      const graph = await partner([liveDedicated()]);
      graph.failNext("patchPolicy", unavailable(), { applyFirst: true });
      graph.onPatch = () => graph.failNext("listPolicies", unavailable());
      const first = await fix(graph, { target: enforce });
      expect(first.result.items).toMatchObject([{ result: "pending", verification: "unavailable" }]);
      const [pending] = await changesOf(first.runId);
      expect(pending?.result).toBe("pending");

      graph.onPatch = null;
      const next = await fix(graph, { target: enforce });
      expect(next.result.reconciled.finished).toEqual([{ changeId: pending?.id, policyId: DED, result: "applied" }]);
      expect(next.result.items).toMatchObject([{ result: "skipped", outcome: "already-enforced" }]);
      expect(graph.patches()).toHaveLength(1);
    });
  });

  it.each([
    ["its stored id", { dedicatedPolicyId: DED, dedicatedPolicyName: "Renamed" }],
    ["its name", { dedicatedPolicyId: null, dedicatedPolicyName: NAME }],
  ])("is never touched by the service account's exclusion (found by %s): left out of the preview, skipped if an item names it", async (_by, ref) => {
    // Drifted to include every user, the exclusion would otherwise plan to exclude the account from it.
    const drifted = mfaForAll(DED, NAME, []);
    const graph = await partner([drifted]);
    const target: FixTarget = { ...exclusion, dedicatedPolicy: ref };
    expect(previewPolicy(target, drifted).outcome).toBe("patch");
    const preview = await previewTenant({ graph, target, scope: { states: "all" } });
    expect(preview.leftOut).toEqual([{ policyId: DED, name: NAME, reason: "the service account's dedicated policy: the exclusion never touches it" }]);
    expect(preview.policies.map((p) => p.policyId)).toEqual([ID.mfaAll]);

    // Forced anyway (an item naming it, e.g. from a stale or tampered confirmation).
    const forced = { policyId: DED, expectedFingerprint: preview.policies[0]!.fingerprint, confirmedNeedsReview: true };
    const runId = await runningRun(prisma, target);
    const result = await applyTenantFix({ prisma, graph, runId, target, items: [...itemsFromPreview(preview, new Set()), forced] });
    expect(graph.patches()).toEqual([{ policyId: ID.mfaAll, body: { conditions: { users: { excludeUsers: [BREAK_GLASS, ACCOUNT] } } } }]);
    expect(result.items.find((i) => i.policyId === DED)).toMatchObject({
      result: "skipped",
      reason: "This is the service account's dedicated policy: the exclusion never touches it.",
    });
    expect(graph.policy(DED)).toEqual(drifted);
    expect((await changesOf(runId)).find((r) => r.policyId === DED)).toMatchObject({ result: "skipped", requestBody: null });
  });

  it("is told apart from other policies by the preview's rule: another policy with its name is excluded like any other", async () => {
    const OTHER = "d0000000-0000-4000-8000-0000000000ff";
    // The stored id wins: the dedicated policy was renamed, and a newer policy now carries the configured name.
    const renamed = { ...liveDedicated(), displayName: "Service account MFA" };
    const sameName = { ...mfaForAll(OTHER, NAME, []), createdDateTime: "2026-03-01T00:00:00Z" };
    const byId = await partner([renamed, sameName]);
    const target: FixTarget = { ...exclusion, dedicatedPolicy: { dedicatedPolicyId: DED, dedicatedPolicyName: NAME } };
    const first = await fix(byId, { target, scope: { states: "all" } });
    expect(first.preview.leftOut.map((l) => l.policyId)).toEqual([DED]);
    expect(first.preview.policies.find((p) => p.policyId === OTHER)?.outcome).toBe("patch");
    expect(first.result.items.find((i) => i.policyId === OTHER)).toMatchObject({ result: "applied", verification: "confirmed" });
    expect(byId.patches().map((p) => p.policyId)).toEqual([ID.mfaAll, OTHER]);

    // Without a stored id, the oldest policy with the name is the dedicated one; a newer namesake is an ordinary policy.
    const byName = await partner([liveDedicated(), sameName]);
    const second = await fix(byName, { target: exclusion, scope: { states: "all" } });
    expect(second.preview.leftOut.map((l) => l.policyId)).toEqual([DED]);
    expect(second.result.items.find((i) => i.policyId === OTHER)).toMatchObject({ result: "applied" });
    expect(byName.patches().map((p) => p.policyId)).toEqual([ID.mfaAll, OTHER]);
  });
});
