// The tenant's GDAP sign-in (CustomerTenant.signInVerdict) is its newest proof of access: filled for
// proofs stored before the column (the migration's backfill), and kept by every proof recorded since,
// whether a person's check, a fleet check's job or the proof after a run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { DEFAULT_SCENARIOS } from "../ca";
import { GraphFailure, type TenantGraph } from "../graph/tenant-graph-contract";
import { proveAfterRun } from "./after-run";
import { proveForCheck, startFleetCheck } from "./fleet-check";
import { proveTenant } from "./prove";
import { recordProof } from "./record";
import { BLOCKING_EVALUATION } from "../../testing/proof/what-if";

const MIGRATION = join(process.cwd(), "prisma/migrations/20261211010000_tenant_sign_in_verdict/migration.sql");
const PARTNER = "99999999-1111-4111-8111-999999999999";
const tenantId = (i: number) => `cccccccc-1111-4111-8111-${String(i).padStart(12, "0")}`;
const EMPTY = { scenarios: [], labels: [] };

/** A tenant's Graph as a proof uses it: What If answers `answers` (no policy: the sign-in gets in). */
function graph(id: string, answers: unknown[]): TenantGraph {
  return { tenantId: id, access: "delegated", listNamedLocations: async () => [], evaluate: async () => answers } as unknown as TenantGraph;
}

describe("the tenant's GDAP sign-in", () => {
  const t = useTestPrisma();
  const signIn = async (id: string) => t.prisma.customerTenant.findUniqueOrThrow({ where: { id }, select: { signInVerdict: true, signInCheckedAt: true } });

  it("is filled from each tenant's newest proof by the migration, and left empty for a tenant never checked", async () => {
    await t.prisma.customerTenant.createMany({ data: [0, 1, 2].map((i) => ({ id: tenantId(i), displayName: `Backfill ${i}` })) });
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
    // Tenant 0: blocked, then (newer) gets in; tenant 1: gets in, then (newer) not proven, stored out of order; tenant 2: none.
    const proofs = [
      { tenantId: tenantId(0), verdict: "blocked", checkedAt: at(1) },
      { tenantId: tenantId(0), verdict: "gets-in", checkedAt: at(5), kind: "after-run" },
      { tenantId: tenantId(1), verdict: "not-proven", checkedAt: at(9) },
      { tenantId: tenantId(1), verdict: "gets-in", checkedAt: at(2) },
    ];
    for (const p of proofs) await t.prisma.accessProof.create({ data: { kind: "live", result: EMPTY, ...p } });
    const update = /UPDATE "CustomerTenant"[\s\S]*?;/.exec(readFileSync(MIGRATION, "utf8"))![0];
    await t.prisma.$executeRawUnsafe(update);
    expect(await signIn(tenantId(0))).toEqual({ signInVerdict: "gets-in", signInCheckedAt: at(5) });
    expect(await signIn(tenantId(1))).toEqual({ signInVerdict: "not-proven", signInCheckedAt: at(9) });
    expect(await signIn(tenantId(2))).toEqual({ signInVerdict: null, signInCheckedAt: null });
  });

  it("follows every proof recorded since: a person's check, a fleet check's job, the proof after a run", async () => {
    const id = tenantId(10);
    await t.prisma.customerTenant.create({ data: { id, displayName: "Recorded" } });
    expect(await signIn(id)).toEqual({ signInVerdict: null, signInCheckedAt: null });

    const live = await proveTenant({
      prisma: t.prisma,
      graph: graph(id, [BLOCKING_EVALUATION]),
      tenantId: id,
      partnerTenantId: PARTNER,
      scenarios: DEFAULT_SCENARIOS,
      kind: "live",
    });
    expect(await signIn(id)).toEqual({ signInVerdict: "blocked", signInCheckedAt: new Date(live.checkedAt) });
    // The stored proof reads back whole: every scenario's verdict and the policy that blocks.
    expect(live).toMatchObject({
      kind: "live",
      tenantId: id,
      runId: null,
      error: null,
      headline: "proven: blocked by Block everyone (grant control: block access)",
    });
    expect(live.result.scenarios.map((s) => s.verdict.kind)).toEqual(DEFAULT_SCENARIOS.map(() => "blocked"));

    // A fleet check's job whose tenant cannot be opened: not proven.
    const checkId = await startFleetCheck(t.prisma, async () => undefined, { requestedByUpn: "ada@msp.example", tenantIds: [id] });
    const unreachable = {
      prisma: t.prisma,
      partnerTenantId: PARTNER,
      scenarios: async () => DEFAULT_SCENARIOS,
      openTenant: async () => Promise.reject(new GraphFailure("no-gdap", "There is no GDAP relationship with this customer.", {})),
    };
    expect(await proveForCheck(unreachable, { checkId, tenantId: id })).toMatchObject({ headline: expect.stringMatching(/^not proven/) });
    expect((await signIn(id)).signInVerdict).toBe("not-proven");

    // The run excluded the MSP: What If no longer finds a policy that applies.
    const warnings: object[] = [];
    await proveAfterRun({
      prisma: t.prisma,
      graph: graph(id, []),
      tenantId: id,
      runId: "dddddddd-1111-4111-8111-000000000001",
      partnerTenantId: PARTNER,
      gdapRoles: [],
      warn: (d) => warnings.push(d),
    });
    expect(warnings).toEqual([]);
    const newest = await t.prisma.accessProof.findFirstOrThrow({ where: { tenantId: id }, orderBy: { checkedAt: "desc" } });
    expect(newest).toMatchObject({ kind: "after-run", verdict: "gets-in" });
    expect(await signIn(id)).toEqual({ signInVerdict: "gets-in", signInCheckedAt: newest.checkedAt });
  });

  it("keeps the newer verdict when an older proof is recorded after it, and records a proof for a tenant no longer a customer", async () => {
    const id = tenantId(20);
    const later = new Date(Date.now() + 60_000);
    await t.prisma.customerTenant.create({ data: { id, displayName: "Newer", signInVerdict: "gets-in", signInCheckedAt: later } });
    await recordProof(t.prisma, { tenantId: id, kind: "live", verdict: "blocked", result: EMPTY, error: null });
    expect(await signIn(id)).toEqual({ signInVerdict: "gets-in", signInCheckedAt: later });
    expect(await t.prisma.accessProof.count({ where: { tenantId: id } })).toBe(1);

    const gone = tenantId(21);
    await recordProof(t.prisma, { tenantId: gone, kind: "live", verdict: "not-proven", result: EMPTY, error: "The tenant is no longer among the customers." });
    expect(await t.prisma.accessProof.count({ where: { tenantId: gone } })).toBe(1);
  });
});
