import { beforeAll, describe, expect, it } from "vitest";
import { collectBatches } from "../../../testing/batches";
import { useTestPrisma } from "../../../testing/database";
import { ALPHA_AND_CHARLIE, CHANGES, NAMES, policiesOf, recordFleetHistory, TENANTS } from "../../../testing/history/fleet";
import { ALL_TENANTS } from "../../auth/scope";
import { changeRowBatches, type HistoryCsvQuery } from "./history-csv";
import { listChangesPage } from "./history-page";

const query = (over: Partial<HistoryCsvQuery> = {}): HistoryCsvQuery => ({ sort: "at", dir: "desc", ...over });

describe("the history CSV's batches", () => {
  const t = useTestPrisma();

  beforeAll(async () => {
    await recordFleetHistory(t.prisma);
  });

  it("reads every change once, 500 at a time, in the grid's order", async () => {
    const { sizes, rows } = await collectBatches(changeRowBatches(t.prisma, ALL_TENANTS, query()));
    expect(sizes).toEqual([500, 500, 203]);
    expect(rows.map((r) => r.policyName).sort()).toEqual(policiesOf(() => true));
    expect(new Set(rows.map((r) => r.id)).size).toBe(CHANGES);
    // The same order as the grid's pages, across the batches' joins (seven changes share each instant).
    for (const page of [0, 4, 5, 9]) {
      const shown = await listChangesPage(t.prisma, ALL_TENANTS, { ...query(), page, pageSize: 100 });
      expect(rows.slice(page * 100, page * 100 + 100).map((r) => r.id)).toEqual(shown.rows.map((r) => r.id));
    }
    const oldest = await collectBatches(changeRowBatches(t.prisma, ALL_TENANTS, query({ dir: "asc" }), null, 97));
    expect(oldest.rows.map((r) => r.id)).toEqual([...rows].reverse().map((r) => r.id));
  });

  it("reads the next batch only when the one before has been taken", async () => {
    const reads: number[] = [];
    const counting = new Proxy(t.prisma, {
      get(target, key) {
        if (key !== "remediationChange") return Reflect.get(target, key);
        const changes = target.remediationChange;
        return new Proxy(changes, {
          get: (c, k) => (k === "findMany" ? (args: Parameters<typeof changes.findMany>[0]) => (reads.push(1), changes.findMany(args)) : Reflect.get(c, k)),
        });
      },
    });
    const batches = changeRowBatches(counting, ALL_TENANTS, query());
    expect(reads).toHaveLength(0);
    await batches.next();
    expect(reads).toHaveLength(1);
    await batches.next();
    expect(reads).toHaveLength(2);
    await batches.return(undefined);
  });

  it("keeps to the filters and the caller's scope", async () => {
    const failed = await collectBatches(changeRowBatches(t.prisma, ALL_TENANTS, query({ result: "failed", tenant: TENANTS[0] })));
    expect(failed.rows.map((r) => r.policyName).sort()).toEqual(policiesOf((n) => n % 4 === 0 && n % 3 === 0));

    const scoped = await collectBatches(changeRowBatches(t.prisma, ALPHA_AND_CHARLIE, query()));
    expect(scoped.sizes).toEqual([500, 302]);
    expect(scoped.rows.map((r) => r.policyName).sort()).toEqual(policiesOf((n) => n % 3 !== 1));
    expect(new Set(scoped.rows.map((r) => r.tenantName))).toEqual(new Set([NAMES[0], NAMES[2]]));
    expect((await collectBatches(changeRowBatches(t.prisma, ALPHA_AND_CHARLIE, query({ tenant: TENANTS[1] })))).sizes).toEqual([]);
  });
});
