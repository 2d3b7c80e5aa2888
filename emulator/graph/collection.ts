// Collection responses: $filter, $orderby, $count, $select, $top and server-driven paging with an
// absolute https @odata.nextLink carrying an opaque $skiptoken (docs/graph-contract.md §3.4).
import { graphError, type GraphResponse } from "../http/response";
import { FilterError, parseFilter } from "./odata-filter";
import type { RouteContext } from "./types";

type Json = Record<string, unknown>;

export interface CollectionOptions {
  contextPath: string; // e.g. "identity/conditionalAccess/policies"
  defaultPageSize: number;
  maxPageSize: number;
  filterable?: readonly string[];
  orderable?: readonly string[];
  selectable?: ReadonlySet<string>; // undefined: any top-level property of the items
}

/** Case-insensitive lookup of a $-option (Graph accepts $top and $Top; $skiptoken and $skipToken). */
export function queryOption(query: URLSearchParams, name: string): string | null {
  for (const [k, v] of query) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(`emu1:${offset}`).toString("base64url");
}

function decodeSkipToken(token: string): number | undefined {
  const m = /^emu1:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}

export function parseSelect(
  ctx: RouteContext,
  selectable: ReadonlySet<string> | undefined,
  sample: Json | undefined,
  typeName: string,
): string[] | GraphResponse | undefined {
  const raw = queryOption(ctx.req.query, "$select");
  if (raw === null) return undefined;
  const fields = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of fields) {
    const known = selectable ? selectable.has(f) : sample === undefined || f in sample;
    if (!known) return graphError(400, "BadRequest", `Could not find a property named '${f}' on type 'microsoft.graph.${typeName}'.`, ctx.req);
  }
  return fields;
}

export function project(item: Json, fields: string[] | undefined): Json {
  if (!fields) return item;
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) if (k.startsWith("@odata.type")) out[k] = v;
  for (const f of fields) if (f in item) out[f] = item[f];
  return out;
}

export function listCollection(ctx: RouteContext, items: Json[], opts: CollectionOptions & { typeName: string }): GraphResponse {
  const { req } = ctx;
  let rows = items;
  const filter = queryOption(req.query, "$filter");
  if (filter !== null) {
    try {
      const predicate = parseFilter(filter, opts.filterable ?? []);
      rows = rows.filter(predicate);
    } catch (e) {
      if (e instanceof FilterError) return graphError(400, "BadRequest", `Invalid filter clause: ${e.message}`, req);
      throw e;
    }
  }
  const orderby = queryOption(req.query, "$orderby");
  if (orderby !== null) {
    const [prop = "", dir = "asc"] = orderby.trim().split(/\s+/);
    if (!(opts.orderable ?? []).includes(prop) || !["asc", "desc"].includes(dir.toLowerCase())) {
      return graphError(400, "BadRequest", `Invalid $orderby: ordering by '${orderby}' is not supported.`, req);
    }
    const sign = dir.toLowerCase() === "desc" ? -1 : 1;
    rows = [...rows].sort((a, b) => sign * String(a[prop] ?? "").localeCompare(String(b[prop] ?? "")));
  }
  const topRaw = queryOption(req.query, "$top");
  let pageSize = opts.defaultPageSize;
  if (topRaw !== null) {
    const top = Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > opts.maxPageSize) {
      return graphError(400, "BadRequest", `Invalid page size specified: '${topRaw}'. Must be between 1 and ${opts.maxPageSize} inclusive.`, req);
    }
    pageSize = top;
  }
  const tokenRaw = queryOption(req.query, "$skiptoken");
  let offset = 0;
  if (tokenRaw !== null) {
    const decoded = decodeSkipToken(tokenRaw);
    if (decoded === undefined) return graphError(400, "BadRequest", "The specified page token value has expired or is invalid.", req);
    offset = decoded;
  }
  const fields = parseSelect(ctx, opts.selectable, rows[0] ?? items[0], opts.typeName);
  if (fields && !Array.isArray(fields)) return fields;
  const page = rows.slice(offset, offset + pageSize).map((r) => project(r, fields));
  const body: Json = {
    "@odata.context": `${ctx.versionBase}/$metadata#${opts.contextPath}${fields ? `(${fields.join(",")})` : ""}`,
  };
  if (queryOption(req.query, "$count") === "true") body["@odata.count"] = rows.length;
  if (offset + pageSize < rows.length) {
    const next = new URLSearchParams();
    for (const [k, v] of req.query) if (k.toLowerCase() !== "$skiptoken") next.append(k, v);
    next.append("$skiptoken", encodeSkipToken(offset + pageSize));
    body["@odata.nextLink"] = `${ctx.versionBase}${req.path}?${next.toString().replace(/%24/g, "$")}`;
  }
  body.value = page;
  return { status: 200, body };
}
