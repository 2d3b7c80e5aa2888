import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../../testing/database";
import { ALPHA_AND_CHARLIE, CHANGES, NAMES, newestFirst, policiesOf, recordFleetHistory, TENANTS } from "../../../testing/history/fleet";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import type { ChangeRow } from "./history";
import { listChangesPage, type HistoryPageQuery } from "./history-page";

const query = (over: Partial<HistoryPageQuery> = {}): HistoryPageQuery => ({ page: 0, pageSize: 100, sort: "at", dir: "desc", ...over });

describe("history a page at a time", () => {
  const t = useTestPrisma();
  let runs = { ada: "", bob: "" };

  beforeAll(async () => {
    runs = await recordFleetHistory(t.prisma);
  });

  /** Every page of `q`, first to last, and the total each page answered. */
  async function allPages(scope: TenantScope, q: Partial<HistoryPageQuery>): Promise<{ rows: ChangeRow[]; totals: number[]; sizes: number[] }> {
    const rows: ChangeRow[] = [];
    const totals: number[] = [];
    const sizes: number[] = [];
    for (let page = 0; ; page++) {
      const answer = await listChangesPage(t.prisma, scope, query({ ...q, page }));
      totals.push(answer.total);
      if (answer.rows.length === 0) return { rows, totals, sizes };
      sizes.push(answer.rows.length);
      rows.push(...answer.rows);
    }
  }

  it("counts every change in SQL and answers a page of them, newest first", async () => {
    const first = await listChangesPage(t.prisma, ALL_TENANTS, query({ pageSize: 50 }));
    expect(first.total).toBe(CHANGES);
    expect(first.rows).toHaveLength(50);
    // The newest instant (hour 171) holds changes 1197 to 1202; the ids order them.
    expect(
      first.rows
        .slice(0, 6)
        .map((r) => r.policyName)
        .sort(),
    ).toEqual(policiesOf((n) => n >= 1197));
    expect([...first.rows].sort(newestFirst)).toEqual(first.rows);
  });

  it("pages through more than 1,000 changes in order, none twice and none skipped", async () => {
    const { rows, totals, sizes } = await allPages(ALL_TENANTS, {});
    expect(sizes).toEqual([...Array<number>(12).fill(100), 3]);
    expect(new Set(totals)).toEqual(new Set([CHANGES]));
    expect(rows.map((r) => r.policyName).sort()).toEqual(policiesOf(() => true));
    expect(new Set(rows.map((r) => r.id)).size).toBe(CHANGES);
    // Seven changes share each instant: the id keeps the order total, so the pages join up exactly.
    expect([...rows].sort(newestFirst).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    const oldest = await allPages(ALL_TENANTS, { dir: "asc" });
    expect(oldest.rows.map((r) => r.id)).toEqual([...rows].reverse().map((r) => r.id));
  });

  it.each<[string, Partial<HistoryPageQuery>, (n: number) => boolean]>([
    ["a tenant", { tenant: TENANTS[1] }, (n) => n % 3 === 1],
    ["a result", { result: "failed" }, (n) => n % 4 === 0],
    ["who asked", { user: "BOB" }, (n) => n % 2 === 1],
    // From the second day (hour 24, change 168) to the third (hours 24 to 71, changes 168 to 503).
    ["a day range", { from: "2026-11-02", to: "2026-11-03" }, (n) => n >= 168 && n < 504],
  ])("filters by %s, in the count too", async (_what, filter, test) => {
    const { rows, totals } = await allPages(ALL_TENANTS, filter);
    expect(totals[0]).toBe(policiesOf(test).length);
    expect(rows.map((r) => r.policyName).sort()).toEqual(policiesOf(test));
  });

  it("filters by run", async () => {
    const { rows, totals } = await allPages(ALL_TENANTS, { run: runs.ada, result: "applied" });
    expect(totals[0]).toBe(policiesOf((n) => n % 2 === 0 && n % 4 !== 0).length);
    expect(rows.every((r) => r.runId === runs.ada && r.by === "ada@msp.example")).toBe(true);
  });

  it("never shows a technician another tenant's changes, nor counts them", async () => {
    const { rows, totals } = await allPages(ALPHA_AND_CHARLIE, {});
    expect(totals[0]).toBe(policiesOf((n) => n % 3 !== 1).length);
    expect(new Set(rows.map((r) => r.tenantName))).toEqual(new Set([NAMES[0], NAMES[2]]));
    // Asking for the other tenant by id answers nothing, not its rows.
    expect(await listChangesPage(t.prisma, ALPHA_AND_CHARLIE, query({ tenant: TENANTS[1] }))).toEqual({ rows: [], total: 0, page: 0, pageSize: 100 });
    const none: TenantScope = { all: false, tenantIds: new Set(), groups: [] };
    expect((await listChangesPage(t.prisma, none, query())).total).toBe(0);
  });
});
