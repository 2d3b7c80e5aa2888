// Every tenant that matches the grid's search and preset, for the CSV download (issue 19): read from
// the database a batch at a time and handed on as each batch arrives, so a fleet of 10,000 tenants
// is never held whole in the portal's memory nor waited for before the first byte.
import "server-only";
import type { TenantScope } from "../../auth/scope";
import type { PrismaClient } from "../generated/client";
import { toRows, type StoredTenant, type TenantRow } from "./tenants";
import { tenantOrder, tenantPageQuery, tenantWhere, type TenantPageQuery } from "./tenants-page";

/** The CSV's query string: the grid's sort, search and preset; no page (it is every match). */
export const tenantCsvQuery = tenantPageQuery.omit({ page: true, pageSize: true });
export type TenantCsvQuery = Omit<TenantPageQuery, "page" | "pageSize">;

export const CSV_BATCH = 500;

/**
 * The matching tenants in the grid's order, `batch` rows at a time. Each batch continues after the
 * last row of the one before (Prisma's cursor: the order's values of that row, the id as tie-break),
 * not at an offset, so a tenant a sync adds while the download runs pushes no row onto a second line.
 * The cursor's row must still exist: the portal never deletes a tenant (one that leaves GDAP stays,
 * with its status).
 */
export async function* tenantRowBatches(
  prisma: PrismaClient,
  scope: TenantScope,
  q: TenantCsvQuery,
  now = new Date(),
  batch = CSV_BATCH,
): AsyncGenerator<TenantRow[]> {
  const where = tenantWhere(scope, q, now);
  const orderBy = tenantOrder(q);
  let after: string | null = null;
  for (;;) {
    const tenants: StoredTenant[] = await prisma.customerTenant.findMany({ where, orderBy, take: batch, ...(after ? { cursor: { id: after }, skip: 1 } : {}) });
    if (tenants.length === 0) return;
    const ids = tenants.map((t) => t.id);
    const changes = await prisma.remediationChange.groupBy({
      by: ["tenantId"],
      where: { result: "applied", tenantId: { in: ids } },
      _max: { finishedAt: true },
    });
    yield toRows(tenants, changes, now);
    if (tenants.length < batch) return;
    after = ids[ids.length - 1]!;
  }
}
