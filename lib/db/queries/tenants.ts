// Reads for the tenant pages. Pages show what the sync job stored; they never call Graph.
import "server-only";
import { inScope, tenantIdFilter, type TenantScope } from "../../auth/scope";
import { ROLE_NAMES } from "../../ca/well-known-names";
import { expiryWarning } from "../../sync/gdap-summary";
import type { PrismaClient } from "../generated/client";

export interface TenantRow {
  id: string;
  displayName: string;
  gdapStatus: string;
  gdapRoles: string[]; // readable names
  gdapEndsAt: string | null;
  gdapWarning: string | null; // "expires in 12 days", "expired"
  accessHealth: string | null;
  accessReason: string | null;
  policyCount: number | null;
  needsFixCount: number | null;
  needsReviewCount: number | null;
  lastSyncedAt: string | null;
  lastSyncError: string | null;
  lastChangeAt: string | null;
  /** The GDAP sign-in: the newest proof of access in one word (lib/proof/record.ts); null: never checked. */
  signInVerdict: string | null;
  signInCheckedAt: string | null;
}

const roleName = (id: string) => ROLE_NAMES[id] ?? id;

/** The tenants within `scope`, by name. */
export async function listTenants(prisma: PrismaClient, scope: TenantScope, now = new Date()): Promise<TenantRow[]> {
  const id = tenantIdFilter(scope);
  const [tenants, changes] = await Promise.all([
    prisma.customerTenant.findMany({ where: { id }, orderBy: { displayName: "asc" } }),
    prisma.remediationChange.groupBy({ by: ["tenantId"], where: { result: "applied", tenantId: id }, _max: { finishedAt: true } }),
  ]);
  return toRows(tenants, changes, now);
}

export type StoredTenant = Awaited<ReturnType<PrismaClient["customerTenant"]["findMany"]>>[number];
type LastChanges = { tenantId: string; _max: { finishedAt: Date | null } }[];

/** Stored tenants as grid rows, with when a change was last applied to each. */
export function toRows(tenants: StoredTenant[], changes: LastChanges, now: Date): TenantRow[] {
  const lastChange = new Map(changes.map((c) => [c.tenantId, c._max.finishedAt]));
  return tenants.map((t) => ({
    id: t.id,
    displayName: t.displayName,
    gdapStatus: t.gdapStatus ?? "unknown",
    gdapRoles: t.gdapRoles.map(roleName),
    gdapEndsAt: t.gdapEndsAt?.toISOString() ?? null,
    gdapWarning: t.gdapStatus === "active" || t.gdapStatus === "expiring" ? expiryWarning(t.gdapEndsAt, now) : null,
    accessHealth: t.accessHealth,
    accessReason: t.accessReason,
    policyCount: t.policyCount,
    needsFixCount: t.needsFixCount,
    needsReviewCount: t.needsReviewCount,
    lastSyncedAt: t.lastSyncedAt?.toISOString() ?? null,
    lastSyncError: t.lastSyncError,
    lastChangeAt: lastChange.get(t.id)?.toISOString() ?? null,
    signInVerdict: t.signInVerdict,
    signInCheckedAt: t.signInCheckedAt?.toISOString() ?? null,
  }));
}

/** One tenant with its policies; null when unknown or outside `scope` (a page then says "not found"). */
export async function getTenant(prisma: PrismaClient, tenantId: string, scope: TenantScope) {
  if (!inScope(scope, tenantId)) return null;
  return prisma.customerTenant.findUnique({
    where: { id: tenantId },
    include: { policies: { orderBy: { displayName: "asc" } } },
  });
}
