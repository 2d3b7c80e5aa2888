// JSON batching (docs/graph-contract.md §3.6): at most 20 requests, unique ids (case-insensitive), dependsOn
// honoured (a failed dependency gives 424), each item authorised, throttled and logged on its own;
// item URLs are relative to the version, so "/v1.0/..." inside a batch is refused as Graph does.
// Item responses carry exactly "Content-Type" (graph-client's BatchResponseContent needs that
// casing) and no body for 204.
import { isJsonContentType } from "../http/body";
import { graphError, JSON_CONTENT_TYPE, type GraphResponse } from "../http/response";
import type { ApiVersion, GraphRequest } from "./types";

const MAX_REQUESTS = 20;
const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  hasBody: boolean;
  dependsOn: string[];
}

export interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Parsed = { ok: true; items: BatchItem[] } | { ok: false; message: string };

function parseBatch(body: unknown): Parsed {
  if (!isObject(body) || !Array.isArray(body.requests)) return { ok: false, message: "Invalid batch payload format." };
  const requests = body.requests;
  if (requests.length === 0) return { ok: false, message: "Invalid batch payload format: the batch contains no requests." };
  if (requests.length > MAX_REQUESTS)
    return { ok: false, message: `The number of requests in the batch (${requests.length}) exceeds the limit of ${MAX_REQUESTS}.` };
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const r of requests) {
    if (!isObject(r) || typeof r.id !== "string" || r.id === "" || typeof r.method !== "string" || typeof r.url !== "string") {
      return { ok: false, message: "Invalid batch payload format: each request needs an id, a method and a url." };
    }
    const key = r.id.toLowerCase();
    if (ids.has(key)) return { ok: false, message: `Batch request ids must be unique; '${r.id}' appears more than once.` };
    ids.add(key);
    const method = r.method.toUpperCase();
    if (!METHODS.has(method)) return { ok: false, message: `Invalid method '${r.method}' in batch request '${r.id}'.` };
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (!isObject(r.headers)) return { ok: false, message: `Headers of batch request '${r.id}' must be an object.` };
      for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
    }
    const dependsOn = r.dependsOn === undefined ? [] : r.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== "string")) {
      return { ok: false, message: `dependsOn of batch request '${r.id}' must be an array of request ids.` };
    }
    items.push({ id: r.id, method, url: r.url, headers, body: r.body, hasBody: r.body !== undefined && r.body !== null, dependsOn: dependsOn as string[] });
  }
  for (const item of items) {
    for (const d of item.dependsOn) {
      if (!ids.has(d.toLowerCase()) || d.toLowerCase() === item.id.toLowerCase()) {
        return { ok: false, message: `Batch request '${item.id}' depends on unknown request '${d}'.` };
      }
    }
  }
  return { ok: true, items };
}

/** Execution order: listed order, but never before what an item depends on; cycles refused. */
function executionOrder(items: BatchItem[]): BatchItem[] | undefined {
  const done = new Set<string>();
  const order: BatchItem[] = [];
  const pending = [...items];
  while (pending.length > 0) {
    const i = pending.findIndex((it) => it.dependsOn.every((d) => done.has(d.toLowerCase())));
    if (i < 0) return undefined;
    const [next] = pending.splice(i, 1) as [BatchItem];
    order.push(next);
    done.add(next.id.toLowerCase());
  }
  return order;
}

function itemResponse(id: string, res: GraphResponse): BatchItemResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (k.toLowerCase() !== "content-type") headers[k] = v;
  }
  if (res.body === undefined || res.status === 204 || res.status === 304) return { id, status: res.status, headers };
  return { id, status: res.status, headers: { ...headers, "Content-Type": JSON_CONTENT_TYPE }, body: res.body };
}

export async function runBatch(outer: GraphRequest, execute: (item: GraphRequest, itemId: string) => Promise<GraphResponse>): Promise<GraphResponse> {
  const parsed = parseBatch(outer.body);
  if (!parsed.ok) return graphError(400, "BadRequest", parsed.message, outer);
  const order = executionOrder(parsed.items);
  if (!order) return graphError(400, "BadRequest", "Batch requests have circular dependencies (dependsOn).", outer);
  const results = new Map<string, BatchItemResponse>();
  for (const item of order) {
    const failedDep = item.dependsOn.find((d) => (results.get(d.toLowerCase())?.status ?? 500) >= 400);
    if (failedDep !== undefined) {
      results.set(
        item.id.toLowerCase(),
        itemResponse(item.id, graphError(424, "FailedDependency", `The request depends on request '${failedDep}', which failed.`, outer)),
      );
      continue;
    }
    const res = await runItem(outer, item, execute);
    results.set(item.id.toLowerCase(), itemResponse(item.id, res));
  }
  return { status: 200, body: { responses: parsed.items.map((i) => results.get(i.id.toLowerCase())) } };
}

async function runItem(outer: GraphRequest, item: BatchItem, execute: (item: GraphRequest, itemId: string) => Promise<GraphResponse>): Promise<GraphResponse> {
  const ctx = { requestId: outer.requestId, clientRequestId: item.headers["client-request-id"] ?? outer.clientRequestId };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(item.url)) {
    return graphError(400, "BadRequest", "Invalid request URL: batch request URLs must be relative to the API version (e.g. /users).", ctx);
  }
  const relative = item.url.startsWith("/") ? item.url : `/${item.url}`;
  const q = relative.indexOf("?");
  const path = q >= 0 ? relative.slice(0, q) : relative;
  const rawQuery = q >= 0 ? relative.slice(q + 1) : "";
  const first = path.split("/")[1] ?? "";
  if (/^(v1\.0|beta)$/i.test(first)) return graphError(400, "BadRequest", `Resource not found for the segment '${first}'.`, ctx);
  if (item.hasBody) {
    const contentType = item.headers["content-type"];
    if (!contentType) return graphError(400, "BadRequest", "A Content-Type header is required for a batch request that has a body.", ctx);
    if (!isJsonContentType(contentType)) {
      return graphError(415, "UnsupportedMediaType", `Content-Type '${contentType}' is not supported for a JSON body; use application/json.`, ctx);
    }
  }
  const request: GraphRequest = {
    method: item.method,
    path,
    query: new URLSearchParams(rawQuery),
    rawQuery,
    headers: item.headers,
    body: item.hasBody ? item.body : undefined,
    apiVersion: outer.apiVersion as ApiVersion,
    requestId: outer.requestId,
    clientRequestId: ctx.clientRequestId,
  };
  return execute(request, item.id);
}
