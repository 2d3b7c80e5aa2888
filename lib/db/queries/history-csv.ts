// Every change that matches history's filters, for the CSV download (issue 19): read a batch at a
// time and handed on as each batch arrives, so a fleet's history is never held whole in memory.
import "server-only";
import type { TenantScope } from "../../auth/scope";
import type { PrismaClient } from "../generated/client";
import { CSV_BATCH, cursorBatches } from "./cursor-batches";
import { changeOrder, changeWhere, readChangeRows, type ChangeRow, type HistoryPartner } from "./history";
import { historyPageQuery, type HistoryPageQuery } from "./history-page";

/** The CSV's query string: the filters and the order; no page (it is every match). */
export const historyCsvQuery = historyPageQuery.omit({ page: true, pageSize: true });
export type HistoryCsvQuery = Omit<HistoryPageQuery, "page" | "pageSize">;

/** The matching changes in the grid's order, `batch` rows at a time (cursorBatches: after the last row, not at an offset). */
export function changeRowBatches(
  prisma: PrismaClient,
  scope: TenantScope,
  q: HistoryCsvQuery,
  partner: HistoryPartner | null = null,
  batch = CSV_BATCH,
): AsyncGenerator<ChangeRow[]> {
  const where = changeWhere(q, scope, partner);
  const orderBy = changeOrder(q.dir);
  return cursorBatches((args) => readChangeRows(prisma, { where, orderBy, ...args }, partner), batch);
}
