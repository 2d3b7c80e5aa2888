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
import {
  GraphFailure,
  RequestNotSent,
  type AccessPath,
  type GraphPolicy,
  type NameResolution,
  type GraphWriteResult,
  type NamedLocation,
  type TenantGraph,
  type WriteOptions,
} from "@/lib/graph/tenant-graph-contract";
import { freshDatabase, type TestDatabase } from "../database";
import type { FixTarget } from "@/lib/remediation/actions";
import { applyTenantFix, type ApplyResult } from "@/lib/remediation/apply";
import type { TenantPreview } from "@/lib/remediation/items";
import { itemsFromPreview, previewTenant } from "@/lib/remediation/preview";
import { runningRun } from "../remediation/runs";

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
    apiVersion: "v1.0" | "beta" = "v1.0",
  ): Promise<{ status: number; requestId: string | null; clientRequestId: string | null; body: unknown }> {
    const res = await emulatorFetch(this.em, `/${apiVersion}${path}`, {
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

  /** A write honours the engine's SendGuard (asked right before it leaves) and the API version, as lib/graph does. */
  private async write(method: string, path: string, body: object, options: WriteOptions): Promise<GraphWriteResult> {
    const stop = options.guard ? await options.guard.beforeSend() : null;
    if (stop !== null) throw new RequestNotSent(stop);
    try {
      return await this.send(method, path, body, options.apiVersion);
    } finally {
      await options.guard?.afterSend?.();
    }
  }

  async patchPolicy(policyId: string, body: object, options: WriteOptions = {}): Promise<GraphWriteResult> {
    return this.write("PATCH", `${POLICIES}/${policyId}`, body, options);
  }

  async createPolicy(body: object, options: WriteOptions = {}): Promise<GraphWriteResult> {
    return this.write("POST", POLICIES, body, options);
  }

  async listNamedLocations(): Promise<NamedLocation[]> {
    return ((await this.send("GET", "/identity/conditionalAccess/namedLocations")).body as { value: NamedLocation[] }).value;
  }

  async evaluate(body: object): Promise<unknown[]> {
    return ((await this.send("POST", "/identity/conditionalAccess/evaluate", body)).body as { value: unknown[] }).value;
  }

  /** The engine never reads names; the sync does (testing/local-cloud/names.int.test.ts). */
  async readNames(): Promise<NameResolution> {
    return { names: [], requests: 0, caRequests: 0, unreadable: [] };
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
const writesSince = (tenantId: string, sinceSeq: number) =>
  em.log
    .list({ tenantId, sinceSeq })
    .filter((e) => e.method !== "GET")
    .map((e) => ({ apiVersion: e.apiVersion, method: e.method, path: e.path, status: e.status, body: e.requestBody }));

async function faults(body: Record<string, unknown>): Promise<void> {
  const res = await emulatorFetch(em, "/_emulator/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

const excludeMsp = (): FixTarget => ({ action: "exclude-service-provider", partnerTenantId });

/** Every previewed policy as an item; needs-review ones confirmed when listed in `confirm`. */
async function apply(graph: TenantGraph, preview: TenantPreview, confirm: readonly string[]): Promise<ApplyResult> {
  const target = excludeMsp();
  const runId = await runningRun(prisma, target, { requestedByUpn: "operator@tailwindmsp.example" });
  return applyTenantFix({
    prisma,
    graph,
    runId,
    target,
    items: preview.policies.map((p) => ({
      policyId: p.policyId,
      expectedFingerprint: p.fingerprint,
      confirmedNeedsReview: p.policyId !== null && confirm.includes(p.policyId),
    })),
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
      const preview = await previewTenant({ graph, target: excludeMsp(), scope: { states: "all" } });
      const confirm = preview.policies.filter((p) => p.requiresConfirmation).flatMap((p) => (p.policyId === null ? [] : [p.policyId]));
      const expected = itemsFromPreview(preview, new Set(confirm)).map((item) => {
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

      const again = await previewTenant({ graph, target: excludeMsp(), scope: { states: "all" } });
      const seq2 = lastSeq();
      const second = await apply(
        graph,
        again,
        again.policies.flatMap((p) => (p.policyId === null ? [] : [p.policyId])),
      );
      expect(patchesSent(tenant.id, seq2), tenant.tags[0]).toEqual([]);
      expect(second.items.every((i) => i.result === "skipped")).toBe(true);
      // Apart from policies no request can fix (e.g. the legacy guest keyword), all plan already-excluded now.
      for (const p of again.policies) {
        if (p.outcome === "patch") throw new Error(`${tenant.tags[0]}: ${p.name} still needs a patch`);
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
    const target: FixTarget = {
      action: "exclude-service-account",
      accountObjectId,
      accountUpn: em.fleet.serviceAccount.userPrincipalName,
      dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: "CIPP Service Account Conditional Access Policy" },
    };
    const preview = await previewTenant({ graph: partner, target, scope: { states: "all" } });
    const toWrite = preview.policies.filter((p) => p.request !== null && !p.requiresConfirmation);
    expect(toWrite.length).toBeGreaterThan(0);
    const runId = await runningRun(prisma, target, { requestedByUpn: "admin@tailwindmsp.example" });
    const seq = lastSeq();
    const result = await applyTenantFix({ prisma, graph: partner, runId, target, items: itemsFromPreview(preview, new Set()) });
    expect(patchesSent(partnerTenantId, seq)).toEqual(toWrite.map((p) => ({ path: p.request?.path, body: p.request?.body, status: 204 })));
    for (const p of toWrite) {
      const before = (p.before?.conditions as { users: { excludeUsers: string[] } }).users.excludeUsers;
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
    const preview = await previewTenant({ graph, target: excludeMsp() });
    const target = preview.policies.find((p) => p.outcome === "patch");
    if (!target?.policyId) throw new Error("nothing to patch");
    const policyId = target.policyId;

    const edit = await emulatorFetch(em, "/_emulator/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        tenantId: tenant.id,
        editPolicy: { policyId, patch: { displayName: `${target.name} (edited)`, conditions: { users: { excludeUsers: [] } } } },
      }),
    });
    expect(edit.status).toBe(200);
    const edited = await graph.getPolicy(policyId);

    const seq = lastSeq();
    const result = await apply(graph, preview, []);
    const item = result.items.find((i) => i.policyId === policyId);
    expect(item?.result).toBe("skipped");
    expect(item?.reason).toMatch(/^Changed since the preview: the policy was modified at/);
    expect(item?.changedSincePreview?.preview.name).toBe(`${target.name} (edited)`);
    expect(patchesSent(tenant.id, seq).map((p) => p.path)).not.toContain(`${POLICIES}/${policyId}`);
    expect(await graph.getPolicy(policyId)).toEqual(edited);
  });

  it("creates, repairs and enforces the partner's dedicated policy with exactly the previewed requests, through /beta when v1.0 refuses 'every time'", async () => {
    const partner = new FetchTenantGraph(em, partnerTenantId);
    const account = em.fleet.serviceAccount;
    const NAME = "MSP - automation account (engine)";
    const subject = {
      accountObjectId: account.id,
      accountUpn: account.userPrincipalName,
      dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: NAME },
    };
    const run = async (action: "create-service-account-policy" | "repair-service-account-policy" | "enforce-service-account-policy") => {
      const target: FixTarget = { action, ...subject };
      const preview = await previewTenant({ graph: partner, target });
      const runId = await runningRun(prisma, target, { requestedByUpn: "admin@tailwindmsp.example" });
      const seq = lastSeq();
      const result = await applyTenantFix({ prisma, graph: partner, runId, target, items: itemsFromPreview(preview, new Set()) });
      const rows = await prisma.remediationChange.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
      return { preview, result, rows, writes: writesSince(partnerTenantId, seq) };
    };
    const beforeCount = (await partner.listPolicies()).length;
    await faults({ v1RefusesEveryTimeForAllApps: true });
    try {
      const created = await run("create-service-account-policy");
      const body = created.preview.policies[0]?.request?.body;
      expect(created.preview.policies).toMatchObject([{ policyId: null, outcome: "create", request: { method: "POST", path: POLICIES } }]);
      expect(created.writes).toEqual([
        { apiVersion: "v1.0", method: "POST", path: POLICIES, status: 400, body },
        { apiVersion: "beta", method: "POST", path: POLICIES, status: 201, body },
      ]);
      expect(created.rows.map((r) => [r.requestPath, r.result])).toEqual([
        [POLICIES, "failed"],
        [`/beta${POLICIES}`, "applied"],
      ]);
      expect(created.result.items).toMatchObject([{ result: "applied", verification: "confirmed", error: null }]);
      const policyId = (created.result.items[0]?.after as { id: string }).id;
      expect(await partner.getPolicy(policyId)).toMatchObject({ displayName: NAME, state: "enabledForReportingButNotEnforced" });
      expect((await partner.listPolicies()).length).toBe(beforeCount + 1);

      // Someone adds an exclusion in the admin center: the repair sends the previewed body, whole.
      await faults({ tenantId: partnerTenantId, editPolicy: { policyId, patch: { conditions: { users: { excludeUsers: [em.fleet.breakGlass.id] } } } } });
      const repaired = await run("repair-service-account-policy");
      expect(repaired.preview.policies).toMatchObject([{ policyId, outcome: "repair" }]);
      const repairBody = repaired.preview.policies[0]?.request?.body;
      expect(repaired.writes.map((w) => [w.apiVersion, w.method, w.status, w.body])).toEqual([
        ["v1.0", "PATCH", 400, repairBody],
        ["beta", "PATCH", 204, repairBody],
      ]);
      expect(repaired.result.items).toMatchObject([{ result: "applied", verification: "confirmed" }]);

      const enforced = await run("enforce-service-account-policy");
      expect(enforced.preview.policies[0]?.warnings.join(" ")).toContain(account.userPrincipalName);
      expect(enforced.writes.map((w) => [w.apiVersion, w.method, w.path, w.status, w.body])).toEqual([
        ["v1.0", "PATCH", `${POLICIES}/${policyId}`, 400, { state: "enabled" }],
        ["beta", "PATCH", `${POLICIES}/${policyId}`, 204, { state: "enabled" }],
      ]);
      expect(enforced.result.items).toMatchObject([{ result: "applied", verification: "confirmed" }]);
      expect((await partner.getPolicy(policyId)).state).toBe("enabled");

      // Nothing left to do: none of the three writes anything now.
      for (const action of ["create-service-account-policy", "repair-service-account-policy", "enforce-service-account-policy"] as const) {
        const again = await run(action);
        expect(again.writes, action).toEqual([]);
        expect(again.preview.policies[0]?.request, action).toBeNull();
      }
    } finally {
      await faults({ v1RefusesEveryTimeForAllApps: false });
    }
  });
});
