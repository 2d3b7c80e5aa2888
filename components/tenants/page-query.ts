// The tenants grid's server query (GET /api/tenants in paged mode) from what the page shows: the
// grid's page, page size and sort, the toolbar's search and the preset. Also the page's address,
// which keeps the preset and the search (a shared link or a reload shows the same tenants).
import type { TenantPageQuery } from "@/lib/db/queries/tenants-page";
import type { Preset } from "./presets";

export type TenantsPageParams = Required<Pick<TenantPageQuery, "page" | "pageSize" | "sort" | "dir">> & { q: string; show: Preset };

export const FIRST_PAGE: Omit<TenantsPageParams, "q" | "show"> = { page: 0, pageSize: 50, sort: "displayName", dir: "asc" };

/** The API's query string; an empty search and "all" are left out. */
export function pageQueryString(p: TenantsPageParams): string {
  const query = new URLSearchParams({ page: String(p.page), pageSize: String(p.pageSize), sort: p.sort, dir: p.dir });
  if (p.q.trim()) query.set("q", p.q.trim());
  if (p.show !== "all") query.set("show", p.show);
  return query.toString();
}

/** The page's own address for a preset and a search: `/tenants`, `/tenants?show=blocked`, `/tenants?q=contoso`. */
export function tenantsAddress(show: Preset, q: string): string {
  const query = new URLSearchParams();
  if (show !== "all") query.set("show", show);
  if (q.trim()) query.set("q", q.trim());
  return query.size ? `/tenants?${query}` : "/tenants";
}

/** The CSV of every tenant the grid's search and preset match, in its sort (GET /api/tenants/csv). */
export function csvAddress(p: TenantsPageParams): string {
  const query = new URLSearchParams({ sort: p.sort, dir: p.dir });
  if (p.q.trim()) query.set("q", p.q.trim());
  if (p.show !== "all") query.set("show", p.show);
  return `/api/tenants/csv?${query}`;
}
