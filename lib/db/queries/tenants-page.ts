// One page of the tenants grid, paged, sorted, filtered and searched in SQL, so that a fleet of
// 10,000 tenants never travels to the browser whole (issue 19). The caller's scope is part of the
// WHERE clause: rows and the total count only ever cover tenants the caller may see.
import "server-only";
import { z } from "zod";
import { tenantIdFilter, type TenantScope } from "../../auth/scope";
import type { Prisma, PrismaClient } from "../generated/client";
import { pageFields, parseListQuery } from "./list-query";
import { toRows, type TenantRow } from "./tenants";

const SORTABLE = [
  "displayName",
  "accessHealth",
  "gdapStatus",
  "gdapEndsAt",
  "policyCount",
  "needsFixCount",
  "needsReviewCount",
  "lastSyncedAt",
  "signInVerdict",
] as const;

/** The presets (components/tenants/presets.ts), by the name the address uses. */
const SHOWN = [
  "all",
  "needs-fix",
  "blocked",
  "unreachable",
  "gdap-expiring",
  "signin-blocked",
  "signin-gets-in",
  "signin-mfa",
  "signin-not-proven",
  "signin-not-checked",
] as const;

/** The query string of GET /api/tenants in paged mode; an unknown or bad value is refused with words. */
export const tenantPageQuery = z
  .object({
    ...pageFields,
    sort: z.enum(SORTABLE, { message: `sort must be one of ${SORTABLE.join(", ")}` }).default("displayName"),
    dir: z.enum(["asc", "desc"], { message: "dir must be asc or desc" }).default("asc"),
    q: z.string().trim().max(200, "search is at most 200 characters").optional(),
    health: z.string().trim().max(50, "health is at most 50 characters").optional(),
    show: z.enum(SHOWN, { message: `show must be one of ${SHOWN.join(", ")}` }).optional(),
  })
  .strict();
export type TenantPageQuery = z.infer<typeof tenantPageQuery>;

export interface TenantPage {
  rows: TenantRow[];
  total: number;
  page: number;
  pageSize: number;
}

// The tenants page's presets (components/tenants/presets.ts) in SQL: the same questions, asked of the whole fleet.
export const PRESET_WHERE: Record<NonNullable<TenantPageQuery["show"]>, (now: Date) => Prisma.CustomerTenantWhereInput> = {
  all: () => ({}),
  "needs-fix": () => ({ OR: [{ needsFixCount: { gt: 0 } }, { needsReviewCount: { gt: 0 } }] }),
  blocked: () => ({ accessHealth: "blocked-by-ca" }),
  unreachable: () => ({ accessHealth: { notIn: ["delegated", "app-only", "blocked-by-ca"] } }),
  // expiryWarning (lib/sync/gdap-summary.ts) warns while fewer than 31 whole days are left (30 days and some hours
  // still read "expires in 30 days"), and says "expired" once the end has passed.
  "gdap-expiring": (now) => ({ gdapStatus: { in: ["active", "expiring"] }, gdapEndsAt: { lt: new Date(now.getTime() + 31 * 86_400_000) } }),
  // The GDAP sign-in: the newest proof of access (Graph's What If), kept on the tenant (lib/proof/record.ts).
  "signin-blocked": () => ({ signInVerdict: "blocked" }),
  "signin-gets-in": () => ({ signInVerdict: "gets-in" }),
  "signin-mfa": () => ({ signInVerdict: "gets-in-after-mfa" }),
  "signin-not-proven": () => ({ signInVerdict: "not-proven" }),
  "signin-not-checked": () => ({ signInVerdict: null }),
};

export type TenantPreset = keyof typeof PRESET_WHERE;

/** The filter part of the query (search, health, preset), shared by the page and the CSV of every match. */
export type TenantFilter = Pick<TenantPageQuery, "q" | "health" | "show">;

/** Tenants in `scope` that match the filter, as Prisma's WHERE. */
export function tenantWhere(scope: TenantScope, q: TenantFilter, now: Date): Prisma.CustomerTenantWhereInput {
  const and: Prisma.CustomerTenantWhereInput[] = [];
  const id = tenantIdFilter(scope);
  if (id) and.push({ id });
  if (q.q)
    and.push({
      OR: [
        { displayName: { contains: q.q, mode: "insensitive" } },
        { defaultDomain: { contains: q.q, mode: "insensitive" } },
        ...(/^[0-9a-f-]{8,36}$/i.test(q.q) ? [{ id: { equals: q.q.toLowerCase() } }] : []),
      ],
    });
  if (q.health) and.push({ accessHealth: q.health });
  if (q.show) and.push(PRESET_WHERE[q.show](now));
  return { AND: and };
}

/** The grid's order in SQL. Empty values sort last either way; the id breaks ties so that a row never shows on two pages. */
export function tenantOrder(q: Pick<TenantPageQuery, "sort" | "dir">): Prisma.CustomerTenantOrderByWithRelationInput[] {
  return [q.sort === "displayName" ? { displayName: q.dir } : { [q.sort]: { sort: q.dir, nulls: "last" } }, { id: "asc" }];
}

/** The page `q.page` of the tenants within `scope` that match `q`, and how many match in all. */
export async function listTenantsPage(prisma: PrismaClient, scope: TenantScope, q: TenantPageQuery, now = new Date()): Promise<TenantPage> {
  const w = tenantWhere(scope, q, now);
  const [tenants, total] = await Promise.all([
    prisma.customerTenant.findMany({
      where: w,
      orderBy: tenantOrder(q),
      skip: q.page * q.pageSize,
      take: q.pageSize,
    }),
    prisma.customerTenant.count({ where: w }),
  ]);
  const ids = tenants.map((t) => t.id);
  const changes = await prisma.remediationChange.groupBy({ by: ["tenantId"], where: { result: "applied", tenantId: { in: ids } }, _max: { finishedAt: true } });
  return { rows: toRows(tenants, changes, now), total, page: q.page, pageSize: q.pageSize };
}

/** Reads the paged query from a URL's search params; the error, when any, is a sentence for a 400. */
export function parseTenantPageQuery(params: URLSearchParams): { ok: true; query: TenantPageQuery } | { ok: false; error: string } {
  return parseTenantQuery(tenantPageQuery, params);
}

/** Reads a tenant list query (the page's, or the CSV's) from search params, refusing with one sentence. */
export function parseTenantQuery<T>(schema: z.ZodType<T>, params: URLSearchParams): { ok: true; query: T } | { ok: false; error: string } {
  return parseListQuery(schema, params, "tenant list");
}
