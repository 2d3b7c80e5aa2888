import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { ALL_TENANTS } from "../auth/scope";
import { DEFAULT_SCENARIOS } from "../ca";
import { GraphFailure, type TenantGraph } from "../graph/tenant-graph-contract";
import { QUEUES } from "../jobs/queue";
import { CHECK_RUNNING_FOR_MS, latestFleetCheck, proveForCheck, startFleetCheck, startScopedFleetCheck, type FleetCheckDeps } from "./fleet-check";
import { BLOCKING_EVALUATION } from "../../testing/proof/what-if";

const PARTNER = "99999999-1111-4111-8111-999999999999";
const tenantId = (i: number) => `aaaaaaaa-1111-4111-8111-${String(i).padStart(12, "0")}`;

function graph(id: string, answers: unknown[], asked: string[]): TenantGraph {
  const fail = () => {
    throw new Error("not used by a proof");
  };
  return {
    tenantId: id,
    access: "delegated",
    listPolicies: fail,
    getPolicy: fail,
    patchPolicy: fail,
    createPolicy: fail,
    listNamedLocations: async () => [],
    evaluate: async () => {
      asked.push(id);
      return answers;
    },
    readNames: fail,
  } as unknown as TenantGraph;
}

describe("a fleet-wide proof of access", () => {
  const t = useTestPrisma();

  it("runs one job per tenant, counts progress from the proofs, never asks twice for a retried job, and reports blocked and unreachable tenants", async () => {
    const N = 1000;
    await t.prisma.customerTenant.createMany({ data: Array.from({ length: N }, (_, i) => ({ id: tenantId(i), displayName: `Tenant ${i}` })) });
    const sent: { queue: string; data: { checkId: string; tenantId: string } }[] = [];
    let statements = 0;
    const checkId = await startFleetCheck(
      t.prisma,
      async (queue, jobs) => {
        statements++;
        sent.push(...jobs.map((data) => ({ queue, data: data as never })));
      },
      {
        requestedByUpn: "ada@msp.example",
        tenantIds: Array.from({ length: N }, (_, i) => tenantId(i)),
      },
    );
    expect(sent).toHaveLength(N);
    expect(statements).toBe(1); // one insert, not a round trip per tenant while the person waits (bench:proof: 33 s for 1,000)
    expect(new Set(sent.map((s) => s.queue))).toEqual(new Set([QUEUES.proofTenant]));
    expect(await latestFleetCheck(t.prisma, ALL_TENANTS)).toMatchObject({ total: N, checked: 0, finished: false, requestedByUpn: "ada@msp.example" });

    const asked: string[] = [];
    const deps: FleetCheckDeps = {
      prisma: t.prisma,
      partnerTenantId: PARTNER,
      scenarios: async () => DEFAULT_SCENARIOS.slice(0, 1),
      // Tenant 0 blocks the sign-in; tenant 1 cannot be reached; every other lets it in.
      openTenant: async (id) => {
        if (id === tenantId(1)) throw new GraphFailure("no-gdap", "There is no GDAP relationship with this customer.", {});
        return graph(id, id === tenantId(0) ? [BLOCKING_EVALUATION] : [], asked);
      },
    };
    // Half the jobs, as the workers would run them, then the progress a person sees.
    for (const job of sent.slice(0, N / 2)) await proveForCheck(deps, job.data);
    expect(await latestFleetCheck(t.prisma, ALL_TENANTS)).toMatchObject({ total: N, checked: N / 2, blocked: 1, notProven: 1, finished: false });
    // A retried job (pg-boss after a crash) finds its proof and asks nothing.
    const before = asked.length;
    expect(await proveForCheck(deps, sent[2]!.data)).toEqual({ tenantId: tenantId(2), headline: null });
    expect(asked).toHaveLength(before);
    for (const job of sent.slice(N / 2)) await proveForCheck(deps, job.data);
    expect(await latestFleetCheck(t.prisma, ALL_TENANTS)).toMatchObject({ total: N, checked: N, blocked: 1, notProven: 1, finished: true });
    // The blocked tenant's proof names the policy; the unreachable one says why.
    const proofs = await t.prisma.accessProof.findMany({ where: { checkId, tenantId: { in: [tenantId(0), tenantId(1)] } }, orderBy: { tenantId: "asc" } });
    expect(proofs.map((p) => p.error)).toEqual([null, "There is no GDAP relationship with this customer."]);
    expect(proofs.map((p) => p.verdict)).toEqual(["blocked", "not-proven"]);
  }, 180_000); // 1,000 tenants' jobs one after another: over the default minute on the shared 2-core machine

  it("counts only the tenants a scoped reader may see, and a job for a tenant not in its check does nothing", async () => {
    const scope = { all: false as const, tenantIds: new Set([tenantId(0), tenantId(5)]), groups: ["g"] };
    expect(await latestFleetCheck(t.prisma, scope)).toMatchObject({ total: 2, checked: 2, blocked: 1 });
    const check = (await t.prisma.proofCheck.findFirst())!;
    const deps: FleetCheckDeps = {
      prisma: t.prisma,
      partnerTenantId: PARTNER,
      scenarios: async () => [],
      openTenant: async () => Promise.reject(new Error("must not open")),
    };
    expect(await proveForCheck(deps, { checkId: check.id, tenantId: "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb" })).toEqual({
      tenantId: "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb",
      headline: null,
    });
    await expect(proveForCheck(deps, { checkId: "not-a-uuid", tenantId: tenantId(0) })).rejects.toThrow();
  });

  it("'Check all' takes the person's tenants the portal still reaches, and holds a second check back while one counts", async () => {
    // Tenants of their own, so no earlier check counts for this person.
    const [gone, a, b] = [tenantId(2003), tenantId(2007), tenantId(2008)];
    await t.prisma.customerTenant.createMany({
      data: [
        { id: gone, displayName: "Gone", gdapStatus: "none" },
        { id: a, displayName: "A", gdapStatus: "active" },
        { id: b, displayName: "B" },
      ],
    });
    const scope = { all: false as const, tenantIds: new Set([gone, a, b]), groups: ["g"] };
    const sent: string[] = [];
    const send = async (_queue: string, jobs: readonly object[]) => void sent.push(...jobs.map((data) => (data as { tenantId: string }).tenantId));
    expect(await startScopedFleetCheck(t.prisma, send, { requestedByUpn: "ada@msp.example", scope })).toEqual({ checkId: expect.any(String), tenants: 2 });
    expect(sent.sort()).toEqual([a, b]);
    expect(await startScopedFleetCheck(t.prisma, send, { requestedByUpn: "bo@msp.example", scope })).toEqual({
      refused: "A check started by ada@msp.example is still running (0 of 2 tenants checked).",
    });
    // A check that stopped counting (its jobs lost) holds nothing back for ever.
    const later = new Date(Date.now() + CHECK_RUNNING_FOR_MS + 1000);
    expect(await startScopedFleetCheck(t.prisma, send, { requestedByUpn: "bo@msp.example", scope, now: later })).toMatchObject({ tenants: 2 });
    const onlyGone = { all: false as const, tenantIds: new Set([gone]), groups: ["g"] };
    expect(await startScopedFleetCheck(t.prisma, send, { requestedByUpn: "bo@msp.example", scope: onlyGone })).toEqual({
      refused: "There is no tenant to check: sync the tenants first.",
    });
  });
});
