import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../../testing/database";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import { syncCount, syncCountQuery, tenantsSummary } from "./tenants-summary";

// 60 tenants: every third needs fixes (n % 4 + 1 policies), every fifth is blocked by CA, 7 and 8 cannot be reached,
// 9 has never been read, the others of 0…19 were read after the sync started (11 and 13 with an error).
const id = (n: number) => `${n.toString(16).padStart(8, "0")}-3333-4333-8333-333333333333`;
const NOW = Date.UTC(2026, 11, 6, 12);
const STARTED = new Date(NOW - 60_000);
const DAY = 86_400_000;

describe("the tenants page's summary and a sync's progress, counted in SQL", () => {
  const t = useTestPrisma();
  const scoped: TenantScope = { all: false, tenantIds: new Set([id(0), id(3), id(5), id(11), id(40)]), groups: ["North"] };

  beforeAll(async () => {
    await t.prisma.customerTenant.createMany({
      data: Array.from({ length: 60 }, (_, n) => ({
        id: id(n),
        displayName: `Tenant ${String(n).padStart(3, "0")}`,
        needsFixCount: n % 3 === 0 ? (n % 4) + 1 : 0,
        needsReviewCount: n === 20 ? 2 : 0,
        accessHealth: n === 9 ? null : n % 5 === 0 ? "blocked-by-ca" : n === 7 || n === 8 ? "gdap-not-active" : "delegated",
        gdapStatus: "active",
        gdapEndsAt: new Date(n === 3 ? NOW + 10 * DAY : NOW + 400 * DAY),
        lastSyncedAt: n === 9 ? null : new Date(n < 20 ? NOW - 1000 : NOW - DAY),
        lastSyncError: n === 11 || n === 13 ? `could not read tenant ${n}` : null,
        // The GDAP sign-in (What If): 1 and 3 blocked, 2 gets in, 4 after MFA, 5 not proven; the others never checked.
        signInVerdict: { 1: "blocked", 3: "blocked", 2: "gets-in", 4: "gets-in-after-mfa", 5: "not-proven" }[n] ?? null,
      })),
    });
  });

  it("sums the fleet and counts each preset, as the page's presets filter", async () => {
    const s = await tenantsSummary(t.prisma, ALL_TENANTS, new Date(NOW));
    const fixes = Array.from({ length: 60 }, (_, n) => (n % 3 === 0 ? (n % 4) + 1 : 0)).reduce((a, b) => a + b, 0);
    expect(s).toEqual({
      total: 60,
      needsFix: fixes,
      needsReview: 2,
      // needs-fix: every third (0, 3, … 57: 20) and 20 (review) not already a multiple of 3.
      presets: {
        all: 60,
        "needs-fix": 21,
        blocked: 12,
        unreachable: 2,
        "gdap-expiring": 1,
        "signin-blocked": 2,
        "signin-gets-in": 1,
        "signin-mfa": 1,
        "signin-not-proven": 1,
        "signin-not-checked": 55,
      },
    });
  });

  it("counts only the caller's scope", async () => {
    const s = await tenantsSummary(t.prisma, scoped, new Date(NOW));
    expect(s).toMatchObject({
      total: 5,
      needsFix: 1 + 4,
      presets: { all: 5, blocked: 3, "needs-fix": 2, "gdap-expiring": 1, "signin-blocked": 1, "signin-not-proven": 1, "signin-not-checked": 3 },
    });
  });

  it("follows a sync: read since it started, the first failures by name, one tenant by its name", async () => {
    const all = await syncCount(t.prisma, ALL_TENANTS, STARTED, null);
    expect(all).toEqual({
      total: 60,
      read: 19,
      tenantName: null,
      failedCount: 2,
      failed: [
        { id: id(11), displayName: "Tenant 011", error: "could not read tenant 11" },
        { id: id(13), displayName: "Tenant 013", error: "could not read tenant 13" },
      ],
    });
    expect(await syncCount(t.prisma, scoped, STARTED, null)).toMatchObject({ total: 5, read: 4, failedCount: 1 });
    expect(await syncCount(t.prisma, ALL_TENANTS, STARTED, id(30))).toMatchObject({ total: 1, read: 0, tenantName: "Tenant 030" });
    // Another scope's tenant is neither counted nor named.
    expect(await syncCount(t.prisma, scoped, STARTED, id(30))).toMatchObject({ total: 0, read: 0, tenantName: null });
  });

  it("refuses a bad query with words", () => {
    expect(syncCountQuery.safeParse({ since: "yesterday" }).error?.issues[0]?.message).toBe("since must be a date and time (ISO 8601)");
    expect(syncCountQuery.safeParse({ tenant: "x" }).error?.issues[0]?.message).toBe("tenant must be a tenant id");
    expect(syncCountQuery.safeParse({ since: new Date(NOW).toISOString(), tenant: id(1) }).success).toBe(true);
  });
});
