// The engine against the local Microsoft cloud: real policies of every fleet scenario, Graph's
// schema validation and PATCH semantics, and its request log as the witness of what was sent.
// The TenantGraph here is a minimal, test-only one over fetch with an app-only token the emulator
// signs (lib/graph's real implementation, with msal and GDAP, is tested on its own); the engine
// sees only the TenantGraph interface either way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, emulatorFetch, startTestEmulator } from "@/emulator/testing/clients";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { GraphFailure, type AccessPath, type GraphPolicy, type GraphWriteResult, type TenantGraph } from "@/lib/graph/tenant-graph-contract";
import { freshDatabase, type TestDatabase } from "../database";
import { applyTenantFix, type ApplyResult } from "@/lib/remediation/apply";
import { itemsFromPreview } from "@/lib/remediation/fix";
import { previewTenant, type TenantPreview } from "@/lib/remediation/preview";
import { createRun, startRun } from "@/lib/remediation/runs";

const POLICIES = "/identity/conditionalAccess/policies";

class FetchTenantGraph implements TenantGraph {
  readonly access: AccessPath = "app-only";
  private readonly token: string;
  constructor(
    private readonly em: RunningEmulator,
    readonly tenantId: string,
  ) {
    this.token = appToken(em, tenantId, ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"]);
  }

  private async send(
    method: string,
    path: string,
    body?: object,
  ): Promise<{ status: number; requestId: string | null; clientRequestId: string | null; body: unknown }> {
    const res = await emulatorFetch(this.em, `/v1.0${path}`, {
      method,
      token: this.token,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    const requestId = res.headers.get("request-id");
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new GraphFailure(
        res.status === 404 ? "not-found" : res.status >= 500 ? "unavailable" : "conflict",
        `Graph answered ${res.status}: ${error?.message ?? ""}`,
        {
          status: res.status,
          code: error?.code,
          requestId: requestId ?? undefined,
          graphMessage: error?.message,
        },
      );
    }
    return { status: res.status, requestId, clientRequestId: res.headers.get("client-request-id"), body: json };
  }

  async listPolicies(): Promise<GraphPolicy[]> {
    const out: GraphPolicy[] = [];
    let path: string | null = POLICIES;
    while (path) {
      const { body } = await this.send("GET", path);
      const page = body as { value: GraphPolicy[]; "@odata.nextLink"?: string };
      out.push(...page.value);
      const next = page["@odata.nextLink"];
      path = next ? new URL(next).pathname.replace(/^\/v1\.0/, "") + new URL(next).search : null;
    }
    return out;
  }

  async getPolicy(policyId: string): Promise<GraphPolicy> {
    return (await this.send("GET", `${POLICIES}/${policyId}`)).body as GraphPolicy;
  }

  async patchPolicy(policyId: string, body: object): Promise<GraphWriteResult> {
    return this.send("PATCH", `${POLICIES}/${policyId}`, body);
  }

  async createPolicy(body: object): Promise<GraphWriteResult> {
    return this.send("POST", POLICIES, body);
  }

  async listNamedLocations(): Promise<{ id: string; displayName: string }[]> {
    return ((await this.send("GET", "/identity/conditionalAccess/namedLocations")).body as { value: { id: string; displayName: string }[] }).value;
  }
}

let em: RunningEmulator;
let db: TestDatabase;
let prisma: PrismaClient;
let partnerTenantId: string;

beforeAll(async () => {
  [em, db] = await Promise.all([startTestEmulator(), freshDatabase()]);
  prisma = createPrismaClient(db.url);
  partnerTenantId = em.fleet.partner.id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
  await em?.close();
});

const patchesSent = (tenantId: string, sinceSeq: number) =>
  em.log.list({ tenantId, method: "PATCH", sinceSeq }).map((e) => ({ path: e.path, body: e.requestBody, status: e.status }));
const lastSeq = () => em.log.list().at(-1)?.seq ?? 0;

async function apply(graph: TenantGraph, preview: TenantPreview, confirm: readonly string[]): Promise<ApplyResult> {
  const run = await createRun(prisma, { kind: "tenant-fix", requestedBy: { id: null, upn: "operator@tailwindmsp.example" }, scope: {}, options: {} });
  await startRun(prisma, run.id);
  return applyTenantFix({
    prisma,
    graph,
    runId: run.id,
    action: "exclude-service-provider",
    partnerTenantId,
    items: preview.policies.map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: confirm.includes(p.policyId) })),
  });
}

describe("the engine against the local cloud", () => {
  it("fixes every scenario's tenant with exactly the previewed PATCH bodies, and sends none the second time", async () => {
    let fixedPolicies = 0;
    let reviewed = 0;
    const scenarios = new Set<string>();
    for (const tenant of em.fleet.customers) {
      if (tenant.tags.includes("no-p1")) continue; // no Conditional Access at all
      scenarios.add(tenant.tags[0] ?? "");
      await prisma.customerTenant.create({ data: { id: tenant.id, displayName: tenant.displayName } });
      const graph = new FetchTenantGraph(em, tenant.id);
      const preview = await previewTenant({ graph, partnerTenantId, includeDisabled: true });
      const confirm = preview.policies.filter((p) => p.requiresConfirmation).map((p) => p.policyId);
      const expected = itemsFromPreview(preview, confirm).map((item) => {
        const request = preview.policies.find((p) => p.policyId === item.policyId)?.request;
        return { path: request?.path, body: request?.body, status: 204 };
      });

      const seq = lastSeq();
      const result = await apply(graph, preview, confirm);
      expect(patchesSent(tenant.id, seq), tenant.tags[0]).toEqual(expected);
      const written = result.items.filter((i) => i.request !== null);
      expect(written.map((i) => [i.policyName, i.result, i.verification, i.error])).toEqual(written.map((i) => [i.policyName, "applied", "confirmed", null]));
      expect(result.snapshots).toMatchObject({ stored: preview.policies.length });
      fixedPolicies += written.length;
      reviewed += confirm.length;

      const again = await previewTenant({ graph, partnerTenantId, includeDisabled: true });
      const seq2 = lastSeq();
      const second = await apply(
        graph,
        again,
        again.policies.map((p) => p.policyId),
      );
      expect(patchesSent(tenant.id, seq2), tenant.tags[0]).toEqual([]);
      expect(second.items.every((i) => i.result === "skipped")).toBe(true);
      // Apart from policies no request can fix (e.g. the legacy guest keyword), all plan already-excluded now.
      for (const p of again.policies) {
        if (p.plan?.outcome === "patch") throw new Error(`${tenant.tags[0]}: ${p.name} still needs a patch`);
      }
    }
    // The seed-7 fleet of 20: 15 scenarios with Conditional Access, about 90 policies written.
    expect(scenarios.size).toBeGreaterThanOrEqual(10);
    expect(fixedPolicies).toBeGreaterThan(50);
    expect(reviewed).toBeGreaterThan(0);
  });

  it("excludes the partner's automation account from the partner's own policies, keeping every existing exclusion", async () => {
    const partner = new FetchTenantGraph(em, partnerTenantId);
    const accountObjectId = em.fleet.serviceAccount.id;
    const preview = await previewTenant({ graph: partner, action: "exclude-service-account", accountObjectId, includeDisabled: true });
    const toWrite = preview.policies.filter((p) => p.request !== null && !p.requiresConfirmation);
    expect(toWrite.length).toBeGreaterThan(0);
    const run = await createRun(prisma, { kind: "service-account-fix", requestedBy: { id: null, upn: "admin@tailwindmsp.example" }, scope: {}, options: {} });
    await startRun(prisma, run.id);
    const seq = lastSeq();
    const result = await applyTenantFix({
      prisma,
      graph: partner,
      runId: run.id,
      action: "exclude-service-account",
      accountObjectId,
      items: itemsFromPreview(preview),
    });
    expect(patchesSent(partnerTenantId, seq)).toEqual(toWrite.map((p) => ({ path: p.request?.path, body: p.request?.body, status: 204 })));
    for (const p of toWrite) {
      const before = (p.users.before as { excludeUsers: string[] }).excludeUsers;
      expect(p.request?.body).toEqual({ conditions: { users: { excludeUsers: [...before, accountObjectId] } } });
    }
    expect(result.items.filter((i) => i.request !== null).every((i) => i.result === "applied" && i.verification === "confirmed")).toBe(true);
    expect(result.snapshots).toMatchObject({ skipped: expect.stringMatching(/not in the portal's tenant list/) });
  });

  it("re-plans a policy edited in the cloud between preview and confirm instead of overwriting it", async () => {
    const tenant = em.fleet.customers.find((t) => t.tags[0] === "missing-exclusion");
    if (!tenant) throw new Error("no missing-exclusion tenant");
    // Back to the seeded fleet (the first test fixed everything).
    expect((await emulatorFetch(em, "/_emulator/reset", { method: "POST" })).status).toBe(200);
    const graph = new FetchTenantGraph(em, tenant.id);
    const preview = await previewTenant({ graph, partnerTenantId });
    const target = preview.policies.find((p) => p.plan?.outcome === "patch");
    if (!target) throw new Error("nothing to patch");

    const edit = await emulatorFetch(em, "/_emulator/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        tenantId: tenant.id,
        editPolicy: { policyId: target.policyId, patch: { displayName: `${target.name} (edited)`, conditions: { users: { excludeUsers: [] } } } },
      }),
    });
    expect(edit.status).toBe(200);
    const edited = await graph.getPolicy(target.policyId);

    const seq = lastSeq();
    const result = await apply(graph, preview, []);
    const item = result.items.find((i) => i.policyId === target.policyId);
    expect(item?.result).toBe("skipped");
    expect(item?.reason).toMatch(/^Changed since the preview: the policy was modified at/);
    expect(item?.changedSincePreview?.preview.name).toBe(`${target.name} (edited)`);
    expect(patchesSent(tenant.id, seq).map((p) => p.path)).not.toContain(`${POLICIES}/${target.policyId}`);
    expect(await graph.getPolicy(target.policyId)).toEqual(edited);
  });
});
