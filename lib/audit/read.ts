// Reads for the audit page and its CSV (admins only: the callers check). The log itself is
// insert-only; a row that stands for many unauthenticated failures carries their count
// (lib/audit/unauthenticated.ts).
import "server-only";
import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { toCsv } from "../runs/csv";

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV holds; narrow the filters for more. */
export const AUDIT_CSV_LIMIT = 10_000;

const RESULTS = ["success", "denied", "failed"] as const;

/** The filters, as the page's URL and the CSV's query carry them. Days are UTC. */
export const auditQuery = z.strictObject({
  actor: z.string().trim().min(1).max(200).optional(),
  action: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/, "an action name like sign-in")
    .optional(),
  result: z.enum(RESULTS).optional(),
  tenant: z
    .uuid()
    .transform((id) => id.toLowerCase())
    .optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** URL search params -> a query; empty values are no filter. */
export function parseAuditQuery(params: Iterable<[string, string]>) {
  return auditQuery.safeParse(Object.fromEntries([...params].filter(([, v]) => v !== "")));
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  result: string;
  tenantId: string | null;
  tenantName: string | null;
  targetId: string | null;
  ip: string | null;
  /** How many events the row stands for (more than 1 for counted unauthenticated failures). */
  count: number;
  /** Until when those were counted, when more than one. */
  lastAt: string | null;
  detail: string | null;
}

function where(q: AuditQuery): Prisma.AuditEventWhereInput {
  return {
    ...(q.actor ? { actorUpn: { contains: q.actor, mode: "insensitive" } } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.result ? { result: q.result } : {}),
    ...(q.tenant ? { targetTenantId: q.tenant } : {}),
    ...(q.from || q.to
      ? {
          at: {
            ...(q.from ? { gte: new Date(`${q.from}T00:00:00Z`) } : {}),
            ...(q.to ? { lt: new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
  };
}

async function rowsOf(prisma: PrismaClient, q: AuditQuery, skip: number, take: number): Promise<AuditRow[]> {
  const events = await prisma.auditEvent.findMany({
    where: where(q),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip,
    take,
    include: { failureWindow: { select: { count: true, lastAt: true } } },
  });
  const tenantIds = [...new Set(events.map((e) => e.targetTenantId).filter((id): id is string => id !== null))];
  const tenants = tenantIds.length ? await prisma.customerTenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, displayName: true } }) : [];
  const names = new Map(tenants.map((t) => [t.id, t.displayName]));
  return events.map((e) => ({
    id: e.id.toString(),
    at: e.at.toISOString(),
    actor: e.actorUpn,
    action: e.action,
    result: e.result,
    tenantId: e.targetTenantId,
    tenantName: e.targetTenantId ? (names.get(e.targetTenantId) ?? null) : null,
    targetId: e.targetId,
    ip: e.ip,
    count: e.failureWindow?.count ?? 1,
    lastAt: e.failureWindow && e.failureWindow.count > 1 ? e.failureWindow.lastAt.toISOString() : null,
    detail: e.detail === null ? null : JSON.stringify(e.detail),
  }));
}

/** One page of events, newest first, and how many match. */
export async function listAuditEvents(prisma: PrismaClient, q: AuditQuery): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
  const total = await prisma.auditEvent.count({ where: where(q) });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(q.page, pages);
  return { rows: await rowsOf(prisma, q, (page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE), total, page, pages };
}

/** What the filters offer: the actions recorded so far and the tenants events name. */
export async function auditFacets(prisma: PrismaClient): Promise<{ actions: string[]; tenants: { id: string; displayName: string }[] }> {
  const [actions, tenantIds] = await Promise.all([
    prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    prisma.auditEvent.findMany({ distinct: ["targetTenantId"], where: { targetTenantId: { not: null } }, select: { targetTenantId: true } }),
  ]);
  const ids = tenantIds.map((t) => t.targetTenantId!);
  const tenants = await prisma.customerTenant.findMany({
    where: { id: { in: ids } },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
  const named = new Set(tenants.map((t) => t.id));
  return { actions: actions.map((a) => a.action), tenants: [...tenants, ...ids.filter((id) => !named.has(id)).map((id) => ({ id, displayName: id }))] };
}

export const AUDIT_CSV_HEADER = ["time (UTC)", "actor", "action", "result", "tenant id", "tenant", "target", "client address", "count", "last (UTC)", "detail"];

/** The events the filters match, newest first, at most AUDIT_CSV_LIMIT; `truncated` when there were more. */
export async function auditCsv(prisma: PrismaClient, q: AuditQuery): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const rows = await rowsOf(prisma, q, 0, AUDIT_CSV_LIMIT + 1);
  const kept = rows.slice(0, AUDIT_CSV_LIMIT);
  const csv = toCsv([
    AUDIT_CSV_HEADER,
    ...kept.map((r) => [r.at, r.actor, r.action, r.result, r.tenantId, r.tenantName, r.targetId, r.ip, r.count, r.lastAt, r.detail]),
  ]);
  return { csv, rows: kept.length, truncated: rows.length > AUDIT_CSV_LIMIT };
}
