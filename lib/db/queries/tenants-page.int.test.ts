import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../../testing/database";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import { listTenantsPage, parseTenantPageQuery, type TenantPageQuery } from "./tenants-page";

// 120 tenants: "Tenant 000" … "Tenant 119"; every third needs a fix, every fifth is blocked by CA.
const id = (n: number) => `${n.toString(16).padStart(8, "0")}-2222-4222-8222-222222222222`;
const NOW = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;
const query = (over: Partial<TenantPageQuery> = {}): TenantPageQuery => ({ page: 0, pageSize: 25, sort: "displayName", dir: "asc", ...over });

describe("the tenants grid's page query", () => {
  const t = useTestPrisma();
  // A user limited to a group of tenants 10…39.
  const scoped: TenantScope = { all: false, tenantIds: new Set(Array.from({ length: 30 }, (_, i) => id(10 + i))), groups: ["North"] };

  beforeAll(async () => {
    await t.prisma.customerTenant.createMany({
      data: Array.from({ length: 120 }, (_, n) => ({
        id: id(n),
        displayName: `Tenant ${String(n).padStart(3, "0")}`,
        defaultDomain: `t${n}.onmicrosoft.com`,
        needsFixCount: n % 3 === 0 ? (n % 7) + 1 : 0,
        accessHealth: n % 5 === 0 ? "blocked-by-ca" : "delegated",
        lastSyncedAt: n === 7 ? null : new Date(Date.UTC(2026, 10, 1, 0, n)),
        needsReviewCount: n === 20 ? 1 : 0,
        gdapStatus: n === 0 ? "terminated" : "active",
        // 1 ends in 10 days, 2 in 30 days and a half (still warned), 3 in 31 days (not), 0 ended but terminated (no warning).
        gdapEndsAt: [NOW - DAY, NOW + 10 * DAY, NOW + 30.5 * DAY, NOW + 31 * DAY].map((ms) => new Date(ms))[n] ?? new Date(NOW + 400 * DAY),
      })),
    });
  });

  it("answers one page and the total, pages not overlapping", async () => {
    const first = await listTenantsPage(t.prisma, ALL_TENANTS, query());
    const second = await listTenantsPage(t.prisma, ALL_TENANTS, query({ page: 1 }));
    expect(first.total).toBe(120);
    expect(first.rows.map((r) => r.displayName).slice(0, 3)).toEqual(["Tenant 000", "Tenant 001", "Tenant 002"]);
    expect(first.rows).toHaveLength(25);
    expect(second.rows[0]?.displayName).toBe("Tenant 025");
    const last = await listTenantsPage(t.prisma, ALL_TENANTS, query({ page: 4 }));
    expect(last.rows.map((r) => r.displayName)).toEqual(Array.from({ length: 20 }, (_, i) => `Tenant ${100 + i}`));
  });

  it("never shows or counts a tenant outside a limited scope", async () => {
    const page = await listTenantsPage(t.prisma, scoped, query({ pageSize: 100 }));
    expect(page.total).toBe(30);
    expect(page.rows.every((r) => scoped.tenantIds.has(r.id))).toBe(true);
    const search = await listTenantsPage(t.prisma, scoped, query({ q: "Tenant 05" }));
    expect(search).toMatchObject({ total: 0, rows: [] });
    const none: TenantScope = { all: false, tenantIds: new Set(), groups: [] };
    expect(await listTenantsPage(t.prisma, none, query())).toMatchObject({ total: 0, rows: [] });
  });

  it("sorts by a column either way, empty values last", async () => {
    const most = await listTenantsPage(t.prisma, ALL_TENANTS, query({ sort: "needsFixCount", dir: "desc" }));
    const counts = most.rows.map((r) => r.needsFixCount ?? 0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBe(7);
    const oldest = await listTenantsPage(t.prisma, ALL_TENANTS, query({ sort: "lastSyncedAt", dir: "asc", pageSize: 100, page: 1 }));
    expect(oldest.rows.at(-1)?.displayName).toBe("Tenant 007");
    const desc = await listTenantsPage(t.prisma, ALL_TENANTS, query({ dir: "desc" }));
    expect(desc.rows[0]?.displayName).toBe("Tenant 119");
  });

  it("filters by health, by needs fix or review, and searches name, domain or id", async () => {
    const blocked = await listTenantsPage(t.prisma, ALL_TENANTS, query({ health: "blocked-by-ca", pageSize: 100 }));
    expect(blocked.total).toBe(24);
    expect(blocked.rows.every((r) => r.accessHealth === "blocked-by-ca")).toBe(true);
    const needsFix = await listTenantsPage(t.prisma, scoped, query({ show: "needs-fix", pageSize: 100 }));
    expect(needsFix.rows.map((r) => r.displayName)).toEqual([12, 15, 18, 20, 21, 24, 27, 30, 33, 36, 39].map((n) => `Tenant 0${n}`));
    expect((await listTenantsPage(t.prisma, ALL_TENANTS, query({ q: "tenant 11" }))).total).toBe(10);
    expect((await listTenantsPage(t.prisma, ALL_TENANTS, query({ q: "T42.ONMICROSOFT" }))).rows.map((r) => r.displayName)).toEqual(["Tenant 042"]);
    expect((await listTenantsPage(t.prisma, ALL_TENANTS, query({ q: id(99).toUpperCase() }))).rows.map((r) => r.displayName)).toEqual(["Tenant 099"]);
  });

  it("answers the page's presets over the whole fleet, as the presets test rows", async () => {
    const now = new Date(NOW);
    const names = async (show: TenantPageQuery["show"], scope = scoped) =>
      (await listTenantsPage(t.prisma, scope, query({ show, pageSize: 100 }), now)).rows.map((r) => r.displayName);
    expect(await names("needs-fix")).toEqual([12, 15, 18, 20, 21, 24, 27, 30, 33, 36, 39].map((n) => `Tenant 0${n}`));
    expect(await names("blocked")).toEqual([10, 15, 20, 25, 30, 35].map((n) => `Tenant 0${n}`));
    expect(await names("unreachable")).toEqual([]);
    const expiring = await listTenantsPage(t.prisma, ALL_TENANTS, query({ show: "gdap-expiring" }), now);
    expect(expiring.rows.map((r) => [r.displayName, r.gdapWarning])).toEqual([
      ["Tenant 001", "expires in 10 days"],
      ["Tenant 002", "expires in 30 days"],
    ]);
  });

  it("refuses bad parameters in words", () => {
    const bad = (qs: string) => {
      const r = parseTenantPageQuery(new URLSearchParams(qs));
      return r.ok ? "accepted" : r.error;
    };
    expect(bad("page=0&pageSize=50")).toBe("accepted");
    expect(bad("page=-1&pageSize=50")).toContain("page starts at 0");
    expect(bad("page=0&pageSize=5000")).toContain("pageSize must be 25, 50 or 100");
    expect(bad("page=0&pageSize=50&sort=secret")).toContain("sort must be one of displayName");
    expect(bad("page=0&pageSize=50&dir=up")).toContain("dir must be asc or desc");
    expect(bad("page=0&pageSize=50&tenant=x")).toContain("unknown parameter tenant");
    expect(bad("page=0&pageSize=50&show=everything")).toContain("show must be all, needs-fix");
    expect(bad("pageSize=50")).toMatch(/^The tenant list query is not valid: /);
  });
});
