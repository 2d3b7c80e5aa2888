import { describe, expect, it } from "vitest";
import {
  applyGridSelection,
  filterTenants,
  gridSelectionModel,
  selectAllMatching,
  selectedIds,
  selectionSummary,
  signInBlockedIds,
  type SelectableTenant,
} from "./selection";

const t = (id: string, displayName: string, extra: Partial<SelectableTenant> = {}): SelectableTenant => ({
  id,
  displayName,
  accessHealth: "delegated",
  needsFixCount: 0,
  needsReviewCount: 0,
  signInVerdict: "gets-in",
  ...extra,
});

const rows = [
  t("a1", "Contoso Ltd", { needsFixCount: 2 }),
  t("b2", "Fabrikam", { needsReviewCount: 1 }),
  t("c3", "Northwind", { accessHealth: "blocked-by-ca", needsFixCount: null, needsReviewCount: null }),
  t("d4", "Contoso Labs", { signInVerdict: "blocked" }),
  t("e5", "Tailspin", { signInVerdict: null }),
];

describe("filterTenants", () => {
  it("keeps tenants that need the fix, a review, or are blocked by Conditional Access", () => {
    expect(filterTenants(rows, "needs-fix", "").map((r) => r.id)).toEqual(["a1"]);
    expect(filterTenants(rows, "needs-review", "").map((r) => r.id)).toEqual(["b2"]);
    expect(filterTenants(rows, "blocked", "").map((r) => r.id)).toEqual(["c3"]);
    expect(filterTenants(rows, "all", "")).toHaveLength(5);
  });

  it("keeps the tenants whose GDAP sign-in What If says is blocked, apart from those blocked by CA at the sync", () => {
    expect(filterTenants(rows, "signin-blocked", "").map((r) => r.id)).toEqual(["d4"]);
    expect(filterTenants(rows, "signin-blocked", "fabrikam")).toEqual([]);
    expect(signInBlockedIds(rows)).toEqual(["d4"]);
    expect(selectAllMatching(new Set(["a1"]), signInBlockedIds(rows))).toEqual(new Set(["a1", "d4"]));
  });

  it("searches names and ids in any case, every word must match, and combines with the filter", () => {
    expect(filterTenants(rows, "all", "  contoso ").map((r) => r.id)).toEqual(["a1", "d4"]);
    expect(filterTenants(rows, "all", "contoso labs").map((r) => r.id)).toEqual(["d4"]);
    expect(filterTenants(rows, "all", "B2").map((r) => r.id)).toEqual(["b2"]);
    expect(filterTenants(rows, "needs-fix", "contoso").map((r) => r.id)).toEqual(["a1"]);
  });
});

describe("applyGridSelection", () => {
  it("keeps the state of rows the filter hides", () => {
    const next = applyGridSelection(new Set(["c3", "a1"]), ["a1", "d4"], { type: "include", ids: new Set(["d4"]) });
    expect([...next].sort()).toEqual(["c3", "d4"]);
  });

  it("reads an exclude model as every shown row but those listed", () => {
    const next = applyGridSelection(new Set(["c3"]), ["a1", "b2", "d4"], { type: "exclude", ids: new Set(["b2"]) });
    expect([...next].sort()).toEqual(["a1", "c3", "d4"]);
  });

  it("ignores ids the grid reports that are not shown", () => {
    expect([...applyGridSelection(new Set(), ["a1"], { type: "include", ids: new Set(["zz", "a1"]) })]).toEqual(["a1"]);
  });
});

describe("selection helpers", () => {
  it("gives the grid only the shown selected rows", () => {
    expect([...gridSelectionModel(new Set(["a1", "c3"]), ["a1", "b2"]).ids]).toEqual(["a1"]);
  });

  it("selects all matching rows on top of the existing selection", () => {
    expect([...selectAllMatching(new Set(["c3"]), ["a1", "d4"])].sort()).toEqual(["a1", "c3", "d4"]);
  });

  it("drops ids that are no longer tenants and keeps the table's order", () => {
    expect(selectedIds(rows, new Set(["d4", "gone", "a1"]))).toEqual(["a1", "d4"]);
  });

  it("says how many are selected and how many the filter hides", () => {
    expect(selectionSummary(0, 0)).toBe("No tenant selected.");
    expect(selectionSummary(1, 0)).toBe("1 tenant selected.");
    expect(selectionSummary(5, 2)).toBe("5 tenants selected (2 not shown by the current filter).");
  });
});
