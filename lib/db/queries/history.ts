// Reads for the history page. History is append-only in the database; here it is only read.
import "server-only";
import { z } from "zod";
import { inScope, tenantIdFilter, type TenantScope } from "../../auth/scope";
import { withNames } from "../../ca";
import { describeOptionsByTenant, partnerTenantTitle } from "../../names/store";
import { proofsAfterRuns } from "../../proof/view";
import { visibleRunsWhere } from "../../runs/scope";
import type { Prisma, PrismaClient } from "../generated/client";

/** The history page's filters as its address holds them: a bad value is left out (an old link still opens); GET /api/history refuses one instead (history-page.ts). */
export const historyFilter = z.object({
  tenant: z.uuid().optional().catch(undefined),
  user: z.string().trim().max(200).optional().catch(undefined),
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
  /** What Graph's What If said after the run wrote to the tenant ("proven: gets in"), if it was asked. */
  proof: string | null;
}

/** The MSP's own tenant: no customer, but its service account changes are recorded too; rows name it so. */
export interface HistoryPartner {
  id: string;
  displayName: string;
}

/** The partner tenant as history names it, or null when none is configured. */
export async function historyPartner(prisma: PrismaClient, partnerTenantId: string | null | undefined): Promise<HistoryPartner | null> {
  return partnerTenantId ? { id: partnerTenantId, displayName: await partnerTenantTitle(prisma, partnerTenantId.toLowerCase()) } : null;
}

/** Changes to the tenants of `scope`, and to the partner's own tenant (which everyone may see). */
function scopeWhere(scope: TenantScope, partner: HistoryPartner | null): Prisma.RemediationChangeWhereInput {
  const id = tenantIdFilter(scope);
  return id ? { tenantId: { in: [...id.in, ...(partner ? [partner.id.toLowerCase()] : [])] } } : {};
}

function filterWhere(f: HistoryFilter): Prisma.RemediationChangeWhereInput {
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

/** The changes within `scope` (and the partner's) that match `f`, as Prisma's WHERE. */
export function changeWhere(f: HistoryFilter, scope: TenantScope, partner: HistoryPartner | null): Prisma.RemediationChangeWhereInput {
  return { AND: [filterWhere(f), scopeWhere(scope, partner)] };
}

/** Time, then the id: a total order, so paging and the CSV's cursor never show a row twice or skip one. */
export function changeOrder(dir: "asc" | "desc"): Prisma.RemediationChangeOrderByWithRelationInput[] {
  return [{ createdAt: dir }, { id: dir }];
}

const SELECT = {
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
} satisfies Prisma.RemediationChangeSelect;

/**
 * The changes `args` reads (a page, or a batch of the CSV), as rows: with tenant names (a tenant
 * without one shows its id), reasons in the names the last sync read, and the proof after each run.
 */
export async function readChangeRows(
  prisma: PrismaClient,
  args: Pick<Prisma.RemediationChangeFindManyArgs, "where" | "orderBy" | "skip" | "take" | "cursor">,
  partner: HistoryPartner | null,
): Promise<ChangeRow[]> {
  const rows = await prisma.remediationChange.findMany({ ...args, select: SELECT });
  const tenantIds = [...new Set(rows.map((r) => r.tenantId))];
  const [namesOf, tenants, proofs] = await Promise.all([
    describeOptionsByTenant(prisma, tenantIds, partner?.id.toLowerCase() ?? null),
    prisma.customerTenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, displayName: true } }),
    proofsAfterRuns(prisma, [...new Set(rows.map((r) => r.run.id))]),
  ]);
  const names = new Map<string, string>([
    ...(partner ? [[partner.id, partner.displayName] as const] : []),
    ...tenants.map((t) => [t.id, t.displayName] as const),
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
    proof: proofs.get(`${r.run.id} ${r.tenantId}`)?.headline ?? null,
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
