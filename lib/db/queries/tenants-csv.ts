// Every tenant that matches the grid's search and preset, for the CSV download (issue 19): read from
// the database a batch at a time and handed on as each batch arrives, so a fleet of 10,000 tenants
// is never held whole in the portal's memory nor waited for before the first byte.
import "server-only";
import type { TenantScope } from "../../auth/scope";
import type { PrismaClient } from "../generated/client";
import { CSV_BATCH, cursorBatches, type BatchArgs } from "./cursor-batches";
import { toRows, type StoredTenant, type TenantRow } from "./tenants";
import { tenantOrder, tenantPageQuery, tenantWhere, type TenantPageQuery } from "./tenants-page";

/** The CSV's query string: the grid's sort, search and preset; no page (it is every match). */
export const tenantCsvQuery = tenantPageQuery.omit({ page: true, pageSize: true });
export type TenantCsvQuery = Omit<TenantPageQuery, "page" | "pageSize">;

/** The matching tenants in the grid's order, `batch` rows at a time (cursorBatches: after the last row, not at an offset). */
export async function* tenantRowBatches(
  prisma: PrismaClient,
  scope: TenantScope,
  q: TenantCsvQuery,
  now = new Date(),
  batch = CSV_BATCH,
): AsyncGenerator<TenantRow[]> {
  const where = tenantWhere(scope, q, now);
  const orderBy = tenantOrder(q);
  const read = (args: BatchArgs): Promise<StoredTenant[]> => prisma.customerTenant.findMany({ where, orderBy, ...args });
  for await (const tenants of cursorBatches(read, batch)) {
    const changes = await prisma.remediationChange.groupBy({
      by: ["tenantId"],
      where: { result: "applied", tenantId: { in: tenants.map((t) => t.id) } },
      _max: { finishedAt: true },
    });
    yield toRows(tenants, changes, now);
  }
}
