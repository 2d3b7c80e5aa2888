// The dashboard's figures, counted in Postgres over the tenants the reader may see only: access,
// tenants needing fixes, each tenant's newest proof of access, and what the recent runs did.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../../testing/database";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import { recordProof } from "../../proof/record";
import { dashboard } from "./dashboard";

const id = (n: number) => `${n.toString(16).padStart(8, "0")}-4444-4444-8444-444444444444`;
const EMPTY = { scenarios: [], labels: [] };

describe("the dashboard's counts", () => {
  const t = useTestPrisma();

  it("counts each tenant's newest verdict, never-checked tenants apart, within the reader's scope", async () => {
    await t.prisma.customerTenant.createMany({ data: Array.from({ length: 8 }, (_, n) => ({ id: id(n), displayName: `Tenant ${n}` })) });
    // 0 blocked then gets in (the newer counts); 1 and 2 blocked; 3 after MFA; 4 not proven; 5, 6 and 7 never checked.
    const proofs: [number, "gets-in" | "gets-in-after-mfa" | "blocked" | "not-proven"][] = [
      [0, "blocked"],
      [0, "gets-in"],
      [1, "blocked"],
      [2, "blocked"],
      [3, "gets-in-after-mfa"],
      [4, "not-proven"],
    ];
    for (const [n, verdict] of proofs) await recordProof(t.prisma, { tenantId: id(n), kind: "live", verdict, result: EMPTY, error: null });
    expect((await dashboard(t.prisma, ALL_TENANTS)).signIn).toEqual({ getsIn: 1, afterMfa: 1, blocked: 2, notProven: 1, notChecked: 3 });
    const scoped: TenantScope = { all: false, tenantIds: new Set([id(1), id(5)]), groups: ["North"] };
    expect((await dashboard(t.prisma, scoped)).signIn).toEqual({ getsIn: 0, afterMfa: 0, blocked: 1, notProven: 0, notChecked: 1 });
  });

  it("counts access and tenants needing fixes in scope, and each recent run's applied, failed and skipped changes", async () => {
    // 10 to 15: two reachable (one needing fixes, one needing review), blocked by CA (needing fixes), unreachable, never synced.
    const health: [number, string | null, number, number][] = [
      [10, "delegated", 2, 0],
      [11, "app-only", 0, 1],
      [12, "blocked-by-ca", 1, 0],
      [13, "no-gdap", 0, 0],
      [14, null, 0, 0],
      [15, "delegated", 0, 0],
    ];
    await t.prisma.customerTenant.deleteMany();
    await t.prisma.customerTenant.createMany({
      data: health.map(([n, accessHealth, needsFixCount, needsReviewCount]) => ({
        id: id(n),
        displayName: `Tenant ${n}`,
        accessHealth,
        needsFixCount,
        needsReviewCount,
      })),
    });
    const run = await t.prisma.remediationRun.create({
      data: {
        kind: "bulk-fix",
        status: "partly_failed",
        requestedByUpn: "ada@msp.example",
        confirmedAt: new Date(),
        action: "exclude-service-provider",
        target: { action: "exclude-service-provider", partnerTenantId: id(99) },
        options: { scope: {}, offerNeedsReview: true },
        tenants: { create: [{ tenantId: id(10) }, { tenantId: id(12) }] },
      },
    });
    const change = (n: number, result: "applied" | "failed" | "skipped") => ({
      runId: run.id,
      tenantId: id(10),
      policyId: `p-${n}`,
      policyName: `Policy ${n}`,
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      result,
      reason: "applies to all users",
    });
    await t.prisma.remediationChange.createMany({
      data: [change(1, "applied"), change(2, "applied"), change(3, "applied"), change(4, "failed"), change(5, "skipped")],
    });

    const all = await dashboard(t.prisma, ALL_TENANTS);
    expect(all).toMatchObject({ tenants: 6, reachable: 3, needingFixes: 3, blockedByCa: 1, unreachable: 1, neverSynced: 1 });
    expect(all.recentRuns.map((r) => [r.id, r.applied, r.failed, r.skipped])).toEqual([[run.id, 3, 1, 1]]);

    const scoped: TenantScope = { all: false, tenantIds: new Set([id(11), id(12), id(14)]), groups: ["North"] };
    const mine = await dashboard(t.prisma, scoped);
    expect(mine).toMatchObject({ tenants: 3, reachable: 1, needingFixes: 2, blockedByCa: 1, unreachable: 0, neverSynced: 1 });
    expect(mine.recentRuns).toEqual([]); // the run touched tenant 10, outside this scope
  });
});
