import { beforeAll, describe, expect, it } from "vitest";
import { collectBatches } from "../../../testing/batches";
import { useTestPrisma } from "../../../testing/database";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import { tenantRowBatches, type TenantCsvQuery } from "./tenants-csv";
import { listTenantsPage } from "./tenants-page";

// 1,203 tenants, so the CSV reads three whole batches of 500 and a short fourth; every fourth is blocked by CA.
const COUNT = 1203;
const id = (n: number) => `${n.toString(16).padStart(8, "0")}-3333-4333-8333-333333333333`;
const query = (over: Partial<TenantCsvQuery> = {}): TenantCsvQuery => ({ sort: "displayName", dir: "asc", ...over });

describe("the tenants CSV's batches", () => {
  const t = useTestPrisma();

  beforeAll(async () => {
    await t.prisma.customerTenant.createMany({
      data: Array.from({ length: COUNT }, (_, n) => ({
        id: id(n),
        displayName: `Fleet ${String(n).padStart(4, "0")}`,
        // Many equal values, so the id must break ties for no row to be read twice or skipped.
        needsFixCount: n % 5,
        accessHealth: n % 4 === 0 ? "blocked-by-ca" : "delegated",
      })),
    });
  });

  it("reads every matching tenant once, in the grid's order, a batch at a time", async () => {
    const { sizes, rows } = await collectBatches(tenantRowBatches(t.prisma, ALL_TENANTS, query()));
    expect(sizes).toEqual([500, 500, 203]);
    expect(rows.map((r) => r.displayName)).toEqual(Array.from({ length: COUNT }, (_, n) => `Fleet ${String(n).padStart(4, "0")}`));

    const byFix = await collectBatches(tenantRowBatches(t.prisma, ALL_TENANTS, query({ sort: "needsFixCount", dir: "desc" }), new Date(), 97));
    expect(byFix.rows).toHaveLength(COUNT);
    expect(new Set(byFix.rows.map((r) => r.id)).size).toBe(COUNT);
    // The same order as the grid's pages.
    const firstPage = await listTenantsPage(t.prisma, ALL_TENANTS, { page: 0, pageSize: 100, sort: "needsFixCount", dir: "desc" });
    expect(byFix.rows.slice(0, 100).map((r) => r.id)).toEqual(firstPage.rows.map((r) => r.id));
  });

  it("keeps to the search, the preset and the caller's scope", async () => {
    const blocked = await collectBatches(tenantRowBatches(t.prisma, ALL_TENANTS, query({ show: "blocked" })));
    expect(blocked.rows).toHaveLength(301);
    expect(blocked.rows.every((r) => r.accessHealth === "blocked-by-ca")).toBe(true);

    const search = await collectBatches(tenantRowBatches(t.prisma, ALL_TENANTS, query({ q: "fleet 11" })));
    expect(search.rows.map((r) => r.displayName)).toEqual(Array.from({ length: 100 }, (_, i) => `Fleet ${1100 + i}`));

    const scoped: TenantScope = { all: false, tenantIds: new Set([id(3), id(700), id(1202)]), groups: ["North"] };
    expect((await collectBatches(tenantRowBatches(t.prisma, scoped, query(), new Date(), 2))).rows.map((r) => r.id)).toEqual([id(3), id(700), id(1202)]);
    const none: TenantScope = { all: false, tenantIds: new Set(), groups: [] };
    expect((await collectBatches(tenantRowBatches(t.prisma, none, query()))).sizes).toEqual([]);
  });
});
