// Step 1's selection: which tenants the table shows (filter + search) and which are selected.
// The selection outlives the filter, so a person can search for one tenant, tick it, search for
// another and tick it too; the grid itself only knows the rows it is shown.
import type { GridRowSelectionModel } from "@mui/x-data-grid";

/** The fields of a tenants-table row the filters look at (TenantRow has them all). */
export interface SelectableTenant {
  id: string;
  displayName: string;
  accessHealth: string | null;
  needsFixCount: number | null;
  needsReviewCount: number | null;
  /** The GDAP sign-in: the newest proof of access in one word (lib/proof/record.ts); null: never checked. */
  signInVerdict: string | null;
}

export type TenantFilter = "all" | "needs-fix" | "needs-review" | "blocked" | "signin-blocked";

export const TENANT_FILTERS: { value: TenantFilter; label: string }[] = [
  { value: "all", label: "All tenants" },
  { value: "needs-fix", label: "Needs fix" },
  { value: "needs-review", label: "Needs review" },
  { value: "blocked", label: "Blocked by CA" },
  { value: "signin-blocked", label: "Sign-in blocked (What If)" },
];

/** What each filter means where two sound alike. */
export const FILTER_TITLES: Partial<Record<TenantFilter, string>> = {
  blocked: "The portal's own sign-in was refused by the tenant's Conditional Access at the last sync (access health).",
  "signin-blocked": "The newest proof of access: Graph's What If says a policy blocks a GDAP sign-in of the MSP's technicians or automation account.",
};

function matchesFilter(t: SelectableTenant, filter: TenantFilter): boolean {
  switch (filter) {
    case "needs-fix":
      return (t.needsFixCount ?? 0) > 0;
    case "needs-review":
      return (t.needsReviewCount ?? 0) > 0;
    case "blocked":
      return t.accessHealth === "blocked-by-ca";
    case "signin-blocked":
      return t.signInVerdict === "blocked";
    default:
      return true;
  }
}

/** Rows matching the filter and the search (name or tenant id, any case, every word). */
export function filterTenants<T extends SelectableTenant>(rows: readonly T[], filter: TenantFilter, search: string): T[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((t) => {
    if (!matchesFilter(t, filter)) return false;
    const haystack = `${t.displayName} ${t.id}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/**
 * The new selection after the grid reports its model for the rows it shows. Rows the filter hides
 * keep their state. The grid's "exclude" model means every shown row but those listed (the header
 * checkbox), "include" only those listed.
 */
export function applyGridSelection(selected: ReadonlySet<string>, visibleIds: readonly string[], model: GridRowSelectionModel): Set<string> {
  const visible = new Set(visibleIds);
  const next = new Set([...selected].filter((id) => !visible.has(id)));
  for (const id of visibleIds) {
    const listed = model.ids.has(id);
    if (model.type === "include" ? listed : !listed) next.add(id);
  }
  return next;
}

/** The grid's model for the shown rows: always an explicit list, so nothing hidden is implied. */
export function gridSelectionModel(selected: ReadonlySet<string>, visibleIds: readonly string[]): GridRowSelectionModel {
  return { type: "include", ids: new Set(visibleIds.filter((id) => selected.has(id))) };
}

export function selectAllMatching(selected: ReadonlySet<string>, visibleIds: readonly string[]): Set<string> {
  return new Set([...selected, ...visibleIds]);
}

/** The tenants whose GDAP sign-in is blocked (Graph's What If), whatever the table shows: the wizard's one-click selection. */
export function signInBlockedIds(rows: readonly SelectableTenant[]): string[] {
  return filterTenants(rows, "signin-blocked", "").map((r) => r.id);
}

/** Ids that are still tenants (a sync can remove one), in the table's order. */
export function selectedIds(rows: readonly SelectableTenant[], selected: ReadonlySet<string>): string[] {
  return rows.filter((r) => selected.has(r.id)).map((r) => r.id);
}

export function selectionSummary(selected: number, hiddenByFilter: number): string {
  if (selected === 0) return "No tenant selected.";
  const base = `${selected} ${selected === 1 ? "tenant" : "tenants"} selected`;
  return hiddenByFilter > 0 ? `${base} (${hiddenByFilter} not shown by the current filter).` : `${base}.`;
}
