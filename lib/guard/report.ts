// The report an MSP hands to one customer: where their tenant stands, how it stood day by day,
// every change the portal made in it (when, what, why, who, the ticket) and every change the guard
// noticed. Read within the caller's tenant scope (null when the tenant is outside it).
import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { EVENT_LABELS, type EventType } from "./event-types";
import { allowsTenant, type TenantFilter } from "./views";

export interface CustomerReport {
  tenantId: string;
  tenantName: string;
  defaultDomain: string | null;
  since: string;
  now: { policies: number; needsFix: number; needsReview: number; gdapStatus: string | null; gdapEndsAt: string | null; lastReadAt: string | null };
  days: { day: string; standing: string }[];
  changes: { at: string; policyName: string; result: string; reason: string; by: string; ticket: string | null; runKind: string }[];
  events: { at: string; label: string; summary: string; byPortal: boolean }[];
}

export async function customerReport(prisma: PrismaClient, filter: TenantFilter, tenantId: string, days = 90): Promise<CustomerReport | null> {
  if (!allowsTenant(filter, tenantId)) return null;
  const tenant = await prisma.customerTenant.findUnique({ where: { id: tenantId } });
  if (!tenant) return null;
  const since = new Date(Date.now() - days * 86_400_000);
  const [standings, changes, events] = await Promise.all([
    prisma.tenantDay.findMany({ where: { tenantId, day: { gte: since } }, orderBy: { day: "asc" } }),
    prisma.remediationChange.findMany({
      where: { tenantId, createdAt: { gte: since }, result: { in: ["applied", "failed"] } },
      orderBy: { createdAt: "asc" },
      take: 1000,
      select: { createdAt: true, policyName: true, result: true, reason: true, run: { select: { requestedByUpn: true, ticket: true, kind: true } } },
    }),
    prisma.guardEvent.findMany({ where: { tenantId, detectedAt: { gte: since } }, orderBy: { detectedAt: "asc" }, take: 1000 }),
  ]);
  return {
    tenantId,
    tenantName: tenant.displayName,
    defaultDomain: tenant.defaultDomain,
    since: since.toISOString(),
    now: {
      policies: tenant.policyCount ?? 0,
      needsFix: tenant.needsFixCount ?? 0,
      needsReview: tenant.needsReviewCount ?? 0,
      gdapStatus: tenant.gdapStatus,
      gdapEndsAt: tenant.gdapEndsAt?.toISOString() ?? null,
      lastReadAt: tenant.lastSyncedAt?.toISOString() ?? null,
    },
    days: standings.map((d) => ({ day: d.day.toISOString().slice(0, 10), standing: d.standing })),
    changes: changes.map((c) => ({
      at: c.createdAt.toISOString(),
      policyName: c.policyName,
      result: c.result,
      reason: c.reason,
      by: c.run.requestedByUpn,
      ticket: c.run.ticket,
      runKind: c.run.kind,
    })),
    events: events.map((e) => ({
      at: e.detectedAt.toISOString(),
      label: EVENT_LABELS[e.type as EventType] ?? e.type,
      summary: e.summary,
      byPortal: e.runId !== null,
    })),
  };
}
