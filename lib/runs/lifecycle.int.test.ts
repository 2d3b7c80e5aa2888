import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { applyTenantFix } from "./apply";
import { itemsFromPreview, runTenantFix } from "./fix";
import { finishPending, recordFinished } from "./history";
import { TenantBusyError } from "./lock";
import { previewTenant } from "./preview";
import { RunStateError, cancelRun, completeRun, createRun, failRun, startRun } from "./runs";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, samplePolicies } from "../../testing/remediation/policies";

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

const newRun = () =>
  createRun(prisma, {
    kind: "tenant-fix",
    requestedBy: { id: null, upn: "operator@msp.example" },
    scope: { tenants: ["t"] },
    options: { action: "exclude-service-provider" },
  });

describe("remediation runs", () => {
  it("are created queued with who asked, scope and options, and move queued -> running -> completed", async () => {
    const user = await prisma.portalUser.create({
      data: { tenantId: randomUUID(), objectId: randomUUID(), upn: "op@msp.example", displayName: "Otto Operator", role: "operator" },
    });
    const run = await createRun(prisma, {
      kind: "bulk-fix",
      requestedBy: { id: user.id, upn: user.upn },
      scope: { tenants: ["a", "b"] },
      options: { includeDisabled: false },
    });
    expect(run).toMatchObject({
      kind: "bulk-fix",
      status: "queued",
      requestedById: user.id,
      requestedByUpn: "op@msp.example",
      scope: { tenants: ["a", "b"] },
      options: { includeDisabled: false },
      startedAt: null,
    });
    await startRun(prisma, run.id);
    expect((await prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id } })).startedAt).not.toBeNull();
    await expect(startRun(prisma, run.id)).rejects.toThrow(/is running; it cannot become running/);
    await completeRun(prisma, run.id);
    const done = await prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(done.status).toBe("completed");
    expect(done.finishedAt).not.toBeNull();
  });

  it("are frozen once ended, by the engine and by the database", async () => {
    for (const end of [completeRun, failRun, cancelRun]) {
      const run = await newRun();
      await startRun(prisma, run.id);
      await end(prisma, run.id);
      await expect(cancelRun(prisma, run.id)).rejects.toThrow(RunStateError);
      await expect(startRun(prisma, run.id)).rejects.toThrow(/has ended|cannot become/);
      await expect(prisma.remediationRun.update({ where: { id: run.id }, data: { status: "running" } })).rejects.toThrow(/has ended/);
      await expect(prisma.remediationRun.delete({ where: { id: run.id } })).rejects.toThrow(/append-only/);
    }
    const queued = await newRun();
    await cancelRun(prisma, queued.id);
    expect((await prisma.remediationRun.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("cancelled");
    await expect(startRun(prisma, randomUUID())).rejects.toThrow(/does not exist/);
  });
});

describe("remediation history written by the engine", () => {
  it("cannot be rewritten or deleted once finished", async () => {
    const tenantId = randomUUID();
    const graph = new FakeTenantGraph(tenantId, samplePolicies());
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    const run = await newRun();
    await startRun(prisma, run.id);
    const result = await applyTenantFix({
      prisma,
      graph,
      runId: run.id,
      action: "exclude-service-provider",
      partnerTenantId: PARTNER,
      items: preview.policies.map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: false })),
    });
    await completeRun(prisma, run.id);
    const applied = result.items.find((i) => i.policyId === ID.mfaAll);
    const skipped = result.items.find((i) => i.policyId === ID.excluded);
    if (!applied || !skipped) throw new Error("missing results");
    expect(applied.result).toBe("applied");

    for (const id of [applied.changeId, skipped.changeId]) {
      await expect(prisma.remediationChange.update({ where: { id }, data: { result: "failed" } })).rejects.toThrow(/already finished/);
      await expect(prisma.remediationChange.update({ where: { id }, data: { after: { forged: true } } })).rejects.toThrow(/already finished/);
      await expect(prisma.remediationChange.delete({ where: { id } })).rejects.toThrow(/append-only/);
      expect(await finishPending(prisma, id, { result: "failed", error: "rewrite" })).toBe(false);
    }
    await expect(prisma.$executeRawUnsafe(`truncate "RemediationChange"`)).rejects.toThrow(/append-only/);
    const row = await prisma.remediationChange.findUniqueOrThrow({ where: { id: applied.changeId } });
    expect(row).toMatchObject({ result: "applied", error: null, graphStatus: 204 });
    expect(row.after).toEqual(graph.policy(ID.mfaAll));
  });

  it("lets a skipped decision be recorded only as a new finished row", async () => {
    const run = await newRun();
    const id = await recordFinished(
      prisma,
      {
        runId: run.id,
        tenantId: randomUUID(),
        policyId: "p",
        policyName: "P",
        action: "exclude-service-provider",
        plannedOutcome: "not-applicable",
        reason: "r",
        warnings: [],
        before: { a: 1 },
        request: null,
      },
      { result: "skipped" },
    );
    const row = await prisma.remediationChange.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ result: "skipped", requestBody: null, requestMethod: null, before: { a: 1 } });
    expect(row.finishedAt).not.toBeNull();
    await expect(prisma.remediationChange.update({ where: { id }, data: { reason: "other" } })).rejects.toThrow(/already finished/);
  });
});

describe("runTenantFix", () => {
  it("creates, runs and completes one tenant's run, recording who asked and what was confirmed", async () => {
    const graph = new FakeTenantGraph(randomUUID(), samplePolicies());
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    const items = itemsFromPreview(preview, [ID.targetsPartner]);
    expect(items.map((i) => [i.policyId, i.confirmedNeedsReview])).toEqual([
      [ID.mfaAll, false],
      [ID.targetsPartner, true],
    ]);
    const { runId, result } = await runTenantFix({
      prisma,
      graph,
      kind: "tenant-fix",
      requestedBy: { id: null, upn: "operator@msp.example" },
      action: "exclude-service-provider",
      partnerTenantId: PARTNER,
      items,
    });
    expect(result.items.map((i) => i.result)).toEqual(["applied", "applied"]);
    expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll, ID.targetsPartner]);
    const run = await prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: true } });
    expect(run).toMatchObject({
      status: "completed",
      kind: "tenant-fix",
      requestedByUpn: "operator@msp.example",
      scope: { tenantId: graph.tenantId, policyIds: [ID.mfaAll, ID.targetsPartner] },
      options: { action: "exclude-service-provider", partnerTenantId: PARTNER, items },
    });
    expect(run.changes).toHaveLength(2);
  });

  it("cancels the run when another engine holds the tenant, and fails it when the engine stops", async () => {
    const graph = new FakeTenantGraph(randomUUID(), samplePolicies());
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    const request = {
      prisma,
      graph,
      kind: "policy-fix" as const,
      requestedBy: { id: null, upn: "operator@msp.example" },
      action: "exclude-service-provider" as const,
      partnerTenantId: PARTNER,
      items: itemsFromPreview(preview),
    };
    const { patching, release } = graph.holdPatches();
    const first = runTenantFix(request);
    try {
      await patching;
      await expect(runTenantFix(request)).rejects.toThrow(TenantBusyError);
    } finally {
      release();
    }
    await first;
    const runs = await prisma.remediationRun.findMany({ where: { kind: "policy-fix" }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => r.status).sort()).toEqual(["cancelled", "completed"]);

    const broken = await runTenantFix({
      ...request,
      items: [
        { policyId: ID.mfaAll, expectedFingerprint: "x", confirmedNeedsReview: false },
        { policyId: ID.mfaAll, expectedFingerprint: "x", confirmedNeedsReview: false },
      ],
    }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(Error);
    const last = await prisma.remediationRun.findFirstOrThrow({ where: { kind: "policy-fix" }, orderBy: { createdAt: "desc" } });
    expect(last.status).toBe("failed");
  });
});
