// One page of history, filtered, ordered and paged in SQL, so that a fleet's changes never travel to
// the browser whole (issue 19). The caller's scope is part of the WHERE clause: rows and the total
// count only ever cover changes to tenants the caller may see (and the partner's own tenant).
import "server-only";
import { z } from "zod";
import type { TenantScope } from "../../auth/scope";
import type { PrismaClient } from "../generated/client";
import { changeOrder, changeWhere, readChangeRows, type ChangeRow, type HistoryPartner } from "./history";
import { pageFields, parseListQuery } from "./list-query";

const RESULTS = ["pending", "applied", "failed", "skipped"] as const;

/** The history filters, strict: the page's address forgives a bad value, the API refuses it with words. */
export const historyFilterFields = {
  tenant: z.uuid({ message: "tenant must be a tenant id" }).optional(),
  user: z.string().trim().max(200, "user is at most 200 characters").optional(),
  result: z.enum(RESULTS, { message: `result must be one of ${RESULTS.join(", ")}` }).optional(),
  run: z.uuid({ message: "run must be a run id" }).optional(),
  from: z.iso.date({ message: "from must be a date (YYYY-MM-DD)" }).optional(),
  to: z.iso.date({ message: "to must be a date (YYYY-MM-DD)" }).optional(),
  // Only time sorts: "newest first" is the default, "oldest first" the other way.
  sort: z.enum(["at"], { message: "sort must be at" }).default("at"),
  dir: z.enum(["asc", "desc"], { message: "dir must be asc or desc" }).default("desc"),
};

/** The query string of GET /api/history. */
export const historyPageQuery = z.object({ ...pageFields, ...historyFilterFields }).strict();
export type HistoryPageQuery = z.infer<typeof historyPageQuery>;

export interface HistoryPage {
  rows: ChangeRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** The page `q.page` of the changes within `scope` that match `q`, newest first unless asked, and how many match in all. */
export async function listChangesPage(
  prisma: PrismaClient,
  scope: TenantScope,
  q: HistoryPageQuery,
  partner: HistoryPartner | null = null,
): Promise<HistoryPage> {
  const where = changeWhere(q, scope, partner);
  const [rows, total] = await Promise.all([
    readChangeRows(prisma, { where, orderBy: changeOrder(q.dir), skip: q.page * q.pageSize, take: q.pageSize }, partner),
    prisma.remediationChange.count({ where }),
  ]);
  return { rows, total, page: q.page, pageSize: q.pageSize };
}

/** Reads a history query (the page's, or the CSV's) from search params, refusing with one sentence. */
export function parseHistoryQuery<T>(schema: z.ZodType<T>, params: URLSearchParams): { ok: true; query: T } | { ok: false; error: string } {
  return parseListQuery(schema, params, "history");
}
