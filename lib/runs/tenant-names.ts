// Tenants as the bulk views list them: by display name, read in one query per view.
import type { PrismaClient } from "../db/generated/client";

/** Looks up display names; an id the portal has no tenant for stands as its own name, so every row still shows and sorts. */
export async function tenantNames(prisma: PrismaClient, ids: readonly string[]): Promise<(tenantId: string) => string> {
  const rows = await prisma.customerTenant.findMany({ where: { id: { in: [...ids] } }, select: { id: true, displayName: true } });
  const names = new Map(rows.map((r) => [r.id, r.displayName]));
  return (tenantId) => names.get(tenantId) ?? tenantId;
}

/** One view per row, given its tenant's display name, sorted by that name. */
export async function namedTenantViews<R extends { tenantId: string }, V extends { displayName: string }>(
  prisma: PrismaClient,
  rows: readonly R[],
  view: (row: R, displayName: string) => V,
): Promise<V[]> {
  const nameOf = await tenantNames(
    prisma,
    rows.map((r) => r.tenantId),
  );
  return rows.map((r) => view(r, nameOf(r.tenantId))).sort((a, b) => a.displayName.localeCompare(b.displayName));
}
