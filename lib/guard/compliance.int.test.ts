// Compliance over time on a real Postgres: a sweep's end writes each tenant's standing today (the
// day's last sweep wins), and the series counts only the tenants a person may see.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "@/testing/database";
import { complianceSeries, recordTenantDays } from "./compliance";

const id = (n: number) => `cccccccc-3333-4333-8333-00000000000${n}`;

describe("compliance over time", () => {
  const t = useTestPrisma();

  it("records today's standing of every tenant once, and counts it over a tenant scope", async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000);
    await t.prisma.customerTenant.createMany({
      data: [
        { id: id(1), displayName: "Protected", accessHealth: "delegated", needsFixCount: 0, needsReviewCount: 0, gdapEndsAt: soon },
        { id: id(2), displayName: "Needs fix", accessHealth: "app-only", needsFixCount: 2, needsReviewCount: 0 },
        { id: id(3), displayName: "Needs review", accessHealth: "delegated", needsFixCount: 0, needsReviewCount: 1 },
        { id: id(4), displayName: "Blocked", accessHealth: "blocked-by-ca" },
        { id: id(5), displayName: "Never synced" },
      ],
    });
    expect(await recordTenantDays(t.prisma)).toBe(5);
    const today = new Date().toISOString().slice(0, 10);
    expect(await complianceSeries(t.prisma, null)).toEqual([{ day: today, protected: 1, needsFix: 2, unreachable: 2, gdapExpiring: 1 }]);

    // A later sweep the same day replaces the day's standing: the fix landed.
    await t.prisma.customerTenant.update({ where: { id: id(2) }, data: { needsFixCount: 0 } });
    expect(await recordTenantDays(t.prisma)).toBe(5);
    expect(await complianceSeries(t.prisma, null)).toEqual([{ day: today, protected: 2, needsFix: 1, unreachable: 2, gdapExpiring: 1 }]);
    expect(await complianceSeries(t.prisma, [id(1), id(4)])).toEqual([{ day: today, protected: 1, needsFix: 0, unreachable: 1, gdapExpiring: 1 }]);
  });
});
