// Reads for the history page. History is append-only in the database; here it is only read.
import "server-only";
import { z } from "zod";
import { inScope, tenantIdFilter, type TenantScope } from "../../auth/scope";
import { withNames } from "../../ca";
import { describeOptionsByTenant } from "../../names/store";
import { visibleRunsWhere } from "../../runs/scope";
import type { Prisma, PrismaClient } from "../generated/client";
import { HISTORY_LIMIT } from "./history-limit";

export const historyFilter = z.object({
  tenant: z.uuid().optional().catch(undefined),
  user: z.string().max(200).optional().catch(undefined),
  result: z.enum(["pending", "applied", "failed", "skipped"]).optional().catch(undefined),
  run: z.uuid().optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
});
export type HistoryFilter = z.infer<typeof historyFilter>;

export interface ChangeRow {
  id: string;
  at: string;
  finishedAt: string | null;
  tenantId: string;
  tenantName: string;
  policyId: string | null;
  policyName: string;
  action: string;
  plannedOutcome: string;
  result: string;
  reason: string;
  by: string;
  runId: string;
  runKind: string;
  /** The MSP's ticket reference the run was confirmed with. */
  ticket: string | null;
  graphStatus: number | null;
  graphRequestId: string | null;
  error: string | null;
  /** The request sent ("PATCH /beta/identity/…" when it went to /beta), or null when none was. */
  request: string | null;
}

export { HISTORY_LIMIT } from "./history-limit";

/** Changes to the tenants of `scope`, and to the `otherTenants` (the MSP's own, which everyone may see). */
function scopeWhere(scope: TenantScope, otherTenants: readonly string[]): Prisma.RemediationChangeWhereInput {
  const id = tenantIdFilter(scope);
  return id ? { tenantId: { in: [...id.in, ...otherTenants.map((t) => t.toLowerCase())] } } : {};
}

function where(f: HistoryFilter): Prisma.RemediationChangeWhereInput {
  return {
    ...(f.tenant ? { tenantId: f.tenant } : {}),
    ...(f.result ? { result: f.result } : {}),
    ...(f.run ? { runId: f.run } : {}),
    ...(f.user ? { run: { requestedByUpn: { contains: f.user, mode: "insensitive" } } } : {}),
    ...(f.from || f.to
      ? {
          createdAt: {
            ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
            ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
  };
}

/**
 * The changes within `scope` that match `f`. `otherTenants` names tenants that are not customers
 * (the partner's own tenant, whose service account changes are recorded here too); without a name
 * a row shows the tenant id.
 */
export async function listChanges(
  prisma: PrismaClient,
  f: HistoryFilter,
  scope: TenantScope,
  otherTenants: Readonly<Record<string, string>> = {},
  /** The MSP's tenant: recorded reasons name it, and are shown with its name. */
  partnerTenantId: string | null = null,
): Promise<ChangeRow[]> {
  const rows = await prisma.remediationChange.findMany({
    where: { AND: [where(f), scopeWhere(scope, Object.keys(otherTenants))] },
    orderBy: { createdAt: "desc" },
    take: HISTORY_LIMIT,
    select: {
      id: true,
      createdAt: true,
      finishedAt: true,
      tenantId: true,
      policyId: true,
      policyName: true,
      action: true,
      plannedOutcome: true,
      result: true,
      reason: true,
      graphStatus: true,
      graphRequestId: true,
      error: true,
      requestMethod: true,
      requestPath: true,
      run: { select: { id: true, kind: true, requestedByUpn: true, ticket: true } },
    },
  });
  const namesOf = await describeOptionsByTenant(prisma, [...new Set(rows.map((r) => r.tenantId))], partnerTenantId);
  const names = new Map<string, string>([
    ...Object.entries(otherTenants),
    ...(
      await prisma.customerTenant.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.tenantId))] } }, select: { id: true, displayName: true } })
    ).map((t) => [t.id, t.displayName] as const),
  ]);
  return rows.map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    tenantId: r.tenantId,
    tenantName: names.get(r.tenantId) ?? r.tenantId,
    policyId: r.policyId,
    policyName: r.policyName,
    action: r.action,
    plannedOutcome: r.plannedOutcome,
    result: r.result,
    reason: withNames(r.reason, namesOf(r.tenantId)),
    by: r.run.requestedByUpn,
    runId: r.run.id,
    runKind: r.run.kind,
    ticket: r.run.ticket,
    graphStatus: r.graphStatus,
    graphRequestId: r.graphRequestId,
    error: r.error,
    request: r.requestMethod ? `${r.requestMethod} ${r.requestPath ?? ""}`.trim() : null,
  }));
}

/**
 * Everything recorded about one change, for its detail panel; null when unknown or outside `scope` (other than `otherTenants`).
 * The reason and warnings were recorded with ids; they are shown in the names the last sync read (the MSP named as such).
 */
export async function getChange(
  prisma: PrismaClient,
  id: string,
  scope: TenantScope,
  otherTenants: readonly string[] = [],
  partnerTenantId: string | null = null,
) {
  const c = await prisma.remediationChange.findUnique({
    where: { id },
    include: { run: { select: { id: true, kind: true, requestedByUpn: true, createdAt: true, ticket: true } } },
  });
  if (!c || !(inScope(scope, c.tenantId) || otherTenants.some((t) => t.toLowerCase() === c.tenantId.toLowerCase()))) return null;
  const [tenant, namesOf] = await Promise.all([
    prisma.customerTenant.findUnique({ where: { id: c.tenantId }, select: { displayName: true } }),
    describeOptionsByTenant(prisma, [c.tenantId], partnerTenantId),
  ]);
  const names = namesOf(c.tenantId);
  return {
    id: c.id,
    runId: c.runId,
    tenantId: c.tenantId,
    /** The customer's name; the partner tenant (one of `otherTenants`) is no customer and is named as pages name it. */
    tenantName: tenant?.displayName ?? "Partner tenant (MSP)",
    policyId: c.policyId,
    policyName: c.policyName,
    reason: withNames(c.reason, names),
    warnings: c.warnings.map((w) => withNames(w, names)),
    result: c.result,
    by: c.run.requestedByUpn,
    ticket: c.run.ticket,
    at: c.createdAt.toISOString(),
    finishedAt: c.finishedAt?.toISOString() ?? null,
    before: c.before,
    request: c.requestMethod ? { method: c.requestMethod, path: c.requestPath, body: c.requestBody } : null,
    after: c.after,
    graph: { status: c.graphStatus, requestId: c.graphRequestId, clientRequestId: c.graphClientRequestId, error: c.error },
  };
}

/** A change as its route serves it: with the timeline's version it produced (lib/guard), if one was seen. */
export type ChangeDetail = NonNullable<Awaited<ReturnType<typeof getChange>>> & { producedVersionId: string | null };

/**
 * What the history filter offers before any search: the `otherTenants` (the MSP's own), the tenant
 * filtered by when it is in `scope` (for its name), and everyone who started a run. Customer tenants
 * are found by searching (the filter's picker asks GET /api/tenants): a fleet of 10,000 is no menu.
 */
export async function historyFacets(
  prisma: PrismaClient,
  scope: TenantScope,
  otherTenants: readonly { id: string; displayName: string }[] = [],
  filteredTenantId: string | null = null,
) {
  const filtered = filteredTenantId && inScope(scope, filteredTenantId) ? filteredTenantId.toLowerCase() : null;
  const [tenant, users] = await Promise.all([
    filtered ? prisma.customerTenant.findUnique({ where: { id: filtered }, select: { id: true, displayName: true } }) : null,
    prisma.remediationRun.findMany({
      where: visibleRunsWhere(scope),
      distinct: ["requestedByUpn"],
      select: { requestedByUpn: true },
      orderBy: { requestedByUpn: "asc" },
    }),
  ]);
  return { tenants: [...otherTenants, ...(tenant ? [tenant] : [])], users: users.map((u) => u.requestedByUpn) };
}
