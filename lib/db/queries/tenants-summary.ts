// What the tenants page says about the whole fleet in the caller's scope, counted in SQL (so the page
// sends one page of rows, never the fleet): the summary line, each preset's count, and a started
// sync's progress (tenants read since it started, and those that could not be read, with why).
import "server-only";
import { z } from "zod";
import { tenantIdFilter, type TenantScope } from "../../auth/scope";
import type { PrismaClient } from "../generated/client";
import { PRESET_WHERE, type TenantPreset } from "./tenants-page";

export interface TenantsSummary {
  total: number;
  /** Policies that need the MSP's exclusion, and those whose fix needs review, over every tenant. */
  needsFix: number;
  needsReview: number;
  /** How many tenants each of the page's presets shows (blocked and unreachable are the summary's too). */
  presets: Record<TenantPreset, number>;
}

/** A started sync as the page follows it: every tenant in scope, or one. */
export interface SyncCount {
  total: number;
  read: number;
  /** The one tenant's name when the sync is of one tenant. */
  tenantName: string | null;
  failedCount: number;
  /** The first few tenants read with an error, by name. */
  failed: { id: string; displayName: string; error: string }[];
}

const SHOWN_FAILURES = 5;

export async function tenantsSummary(prisma: PrismaClient, scope: TenantScope, now = new Date()): Promise<TenantsSummary> {
  const id = tenantIdFilter(scope);
  const names = Object.keys(PRESET_WHERE) as TenantPreset[];
  const [sums, ...counts] = await Promise.all([
    prisma.customerTenant.aggregate({ where: { id }, _sum: { needsFixCount: true, needsReviewCount: true } }),
    ...names.map((name) => prisma.customerTenant.count({ where: { AND: [{ id }, PRESET_WHERE[name](now)] } })),
  ]);
  const presets = Object.fromEntries(names.map((name, i) => [name, counts[i]!])) as Record<TenantPreset, number>;
  return { total: presets.all, needsFix: sums._sum.needsFixCount ?? 0, needsReview: sums._sum.needsReviewCount ?? 0, presets };
}

/** The query string of GET /api/tenants/summary: `since` (a sync's start, the server's clock) and `tenant` (its one tenant). */
export const syncCountQuery = z
  .object({
    since: z.iso.datetime({ message: "since must be a date and time (ISO 8601)" }).optional(),
    tenant: z.uuid({ message: "tenant must be a tenant id" }).optional(),
  })
  .strict();

/** Tenants in scope (or the one tenant, when in scope) read since `since`; a tenant is read once its last sync is at or after it. */
export async function syncCount(prisma: PrismaClient, scope: TenantScope, since: Date, tenantId: string | null): Promise<SyncCount> {
  const scoped = tenantIdFilter(scope);
  const where = { AND: [{ id: scoped }, ...(tenantId ? [{ id: tenantId.toLowerCase() }] : [])] };
  const readWhere = { AND: [where, { lastSyncedAt: { gte: since } }] };
  const failedWhere = { AND: [readWhere, { lastSyncError: { not: null } }] };
  const [total, read, failedCount, failed, one] = await Promise.all([
    prisma.customerTenant.count({ where }),
    prisma.customerTenant.count({ where: readWhere }),
    prisma.customerTenant.count({ where: failedWhere }),
    prisma.customerTenant.findMany({
      where: failedWhere,
      select: { id: true, displayName: true, lastSyncError: true },
      orderBy: [{ displayName: "asc" }, { id: "asc" }],
      take: SHOWN_FAILURES,
    }),
    tenantId ? prisma.customerTenant.findFirst({ where, select: { displayName: true } }) : null,
  ]);
  return {
    total,
    read,
    tenantName: one?.displayName ?? null,
    failedCount,
    failed: failed.map((t) => ({ id: t.id, displayName: t.displayName, error: t.lastSyncError ?? "" })),
  };
}
