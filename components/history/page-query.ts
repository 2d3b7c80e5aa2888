// History's server queries from what the page shows: the filters (from the page's address), the
// grid's page, page size and order; and the CSV of every change the filters match (issue 19).
import type { HistoryFilter } from "@/lib/db/queries/history";
import type { HistoryPageQuery } from "@/lib/db/queries/history-page";

export type HistoryPageParams = Pick<HistoryPageQuery, "page" | "pageSize" | "dir"> & { filter: HistoryFilter };

export const FIRST_PAGE: Omit<HistoryPageParams, "filter"> = { page: 0, pageSize: 50, dir: "desc" };

const FILTERS = ["tenant", "user", "result", "run", "from", "to"] as const satisfies readonly (keyof HistoryFilter)[];

/** The filters and the order as a query; empty filters are left out. */
function filterQuery(filter: HistoryFilter, dir: HistoryPageParams["dir"]): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTERS) {
    const value = filter[key]?.trim();
    if (value) query.set(key, value);
  }
  query.set("dir", dir);
  return query;
}

/** GET /api/history's query string for one page. */
export function historyQueryString(p: HistoryPageParams): string {
  return new URLSearchParams([["page", String(p.page)], ["pageSize", String(p.pageSize)], ...filterQuery(p.filter, p.dir)]).toString();
}

/** The CSV of every change the filters match, in the grid's order, whatever page is shown (GET /api/history/csv). */
export function historyCsvAddress(filter: HistoryFilter, dir: HistoryPageParams["dir"]): string {
  return `/api/history/csv?${filterQuery(filter, dir)}`;
}
