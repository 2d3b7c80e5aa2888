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
        // The GDAP sign-in (What If): never checked for every fifth (those blocked by CA), else by n % 4.
        signInVerdict: n % 5 === 0 ? null : ["not-proven", "blocked", "gets-in", "gets-in-after-mfa"][n % 4],
        signInCheckedAt: n % 5 === 0 ? null : new Date(NOW - n * 60_000),
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

  it("filters and sorts by the GDAP sign-in, apart from access health's blocked by CA", async () => {
    const names = async (show: TenantPageQuery["show"]) =>
      (await listTenantsPage(t.prisma, scoped, query({ show, pageSize: 100 }))).rows.map((r) => r.displayName);
    expect(await names("signin-blocked")).toEqual([13, 17, 21, 29, 33, 37].map((n) => `Tenant 0${n}`));
    expect(await names("signin-not-checked")).toEqual([10, 15, 20, 25, 30, 35].map((n) => `Tenant 0${n}`));
    expect(await names("signin-mfa")).toEqual([11, 19, 23, 27, 31, 39].map((n) => `Tenant 0${n}`));
    expect(await names("signin-not-proven")).toEqual([12, 16, 24, 28, 32, 36].map((n) => `Tenant 0${n}`));
    expect((await names("signin-gets-in")).length).toBe(6);
    const page = await listTenantsPage(t.prisma, scoped, query({ show: "signin-blocked", pageSize: 25 }));
    expect(page.rows[0]).toMatchObject({ signInVerdict: "blocked", signInCheckedAt: new Date(NOW - 13 * 60_000).toISOString() });
    // Sorted in SQL, either way, never checked last.
    const verdicts = async (dir: "asc" | "desc") =>
      (await listTenantsPage(t.prisma, scoped, query({ sort: "signInVerdict", dir, pageSize: 100 }))).rows.map((r) => r.signInVerdict);
    const asc = await verdicts("asc");
    expect([...new Set(asc)]).toEqual(["blocked", "gets-in", "gets-in-after-mfa", "not-proven", null]);
    expect([...new Set(await verdicts("desc"))]).toEqual(["not-proven", "gets-in-after-mfa", "gets-in", "blocked", null]);
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
    expect(bad("page=0&pageSize=50&show=everything")).toContain("show must be one of all, needs-fix");
    expect(bad("pageSize=50")).toMatch(/^The tenant list query is not valid: /);
  });
});
