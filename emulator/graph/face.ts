// The Graph face: /v1.0/... and /beta/... over HTTPS. One pipeline for plain requests and $batch
// items: authenticate (once per HTTP request) -> faults -> route -> CA throttle -> authorise ->
// licence -> handler -> request log.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "../faults";
import type { Fleet } from "../fleet/fleet";
import { BodyTooLargeError, isJsonContentType, parseJson, readBody } from "../http/body";
import type { RequestLog } from "../http/request-log";
import { graphError, sendJson, type GraphResponse } from "../http/response";
import { Router } from "../http/router";
import type { SigningKey } from "../tokens";
import { ACCESS_DENIED_MESSAGE, authenticate, authorize } from "./auth";
import { runBatch } from "./batch";
import { registerPolicyRoutes } from "./ca-policies";
import { registerDirectoryRoutes } from "./directory";
import { registerEvaluateRoutes } from "./evaluate";
import { registerDirectoryNameRoutes } from "./directory-names";
import { registerNamedLocationRoutes } from "./named-locations";
import { registerSecurityDefaultsRoutes } from "./security-defaults";
import { registerTenantRelationshipRoutes } from "./tenant-relationships";
import type { Throttler } from "./throttle";
import type { ApiVersion, Caller, GraphRequest, RouteDef } from "./types";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface GraphFaceOptions {
  fleet: Fleet;
  signingKey: SigningKey;
  publicBaseUrl: string; // https://127.0.0.1:<port>
  log: RequestLog;
  faults: Faults;
  throttler: Throttler;
}

/** docs/graph-contract.md §3.5 body; CA resources send it without Retry-After. */
function tooManyRequests(ctx: GraphRequest, retryAfterSeconds?: number): GraphResponse {
  const res = graphError(429, "TooManyRequests", "Please retry again later.", ctx, { code: "429", message: "Please retry after", status: "429" });
  if (retryAfterSeconds !== undefined) res.headers = { "Retry-After": String(retryAfterSeconds) };
  return res;
}

export function createGraphFace(options: GraphFaceOptions) {
  const { fleet, log, faults, throttler } = options;
  const router = new Router<RouteDef>();
  registerPolicyRoutes(router);
  registerNamedLocationRoutes(router);
  registerEvaluateRoutes(router);
  registerSecurityDefaultsRoutes(router);
  registerDirectoryRoutes(router);
  registerDirectoryNameRoutes(router);
  registerTenantRelationshipRoutes(router);

  async function dispatch(req: GraphRequest, caller: Caller): Promise<GraphResponse> {
    const match = router.match(req.method, req.path);
    if (match === undefined) {
      const segment = req.path.split("/").filter(Boolean).pop() ?? "";
      return graphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`, req);
    }
    if (match === "method-not-allowed") return graphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request uri.", req);
    const route = match.handler;
    const allowed = new Set((route.queryOptions ?? []).map((o) => o.toLowerCase()));
    for (const key of req.query.keys()) {
      if (key.startsWith("$") && !allowed.has(key.toLowerCase())) {
        return graphError(400, "BadRequest", `Query option '${key}' is not supported on this resource.`, req);
      }
    }
    const effective = faults.effective(caller.tenant.id);
    if (route.conditionalAccess) {
      if (effective.storming || !throttler.takeConditionalAccess(caller.tenant.id)) return tooManyRequests(req);
    }
    const denied = authorize(caller, route.requirement, req);
    if (denied) return denied;
    // No Entra ID P1: Microsoft documents no Graph error for it (docs/graph-contract.md §5.3). Unverified, strict:
    // the very 403 a missing permission gets, so nothing in it names the licence and the portal must read the
    // licence from /organization's assignedPlans (documented) rather than from this text.
    if (route.conditionalAccess && !caller.tenant.licences.entraP1) return graphError(403, "AccessDenied", ACCESS_DENIED_MESSAGE, req);
    return route.handler({
      req,
      caller,
      params: match.params,
      fleet,
      versionBase: `${options.publicBaseUrl}/${req.apiVersion}`,
      v1RefusesEveryTimeForAllApps: effective.v1RefusesEveryTimeForAllApps,
    });
  }

  function record(req: GraphRequest, caller: Caller | undefined, status: number, batch?: { requestId: string; itemId: string }) {
    log.add({
      timestamp: new Date().toISOString(),
      requestId: req.requestId,
      clientRequestId: req.clientRequestId,
      apiVersion: req.apiVersion,
      method: req.method,
      path: req.path,
      query: req.rawQuery,
      tenantId: caller?.tenant.id ?? null,
      appId: caller?.appId ?? null,
      caller: caller?.label ?? null,
      status,
      requestBody: req.body ?? null,
      ...(batch ? { batchRequestId: batch.requestId, batchItemId: batch.itemId } : {}),
    });
  }

  async function process(req: GraphRequest, authorization: string | undefined): Promise<{ res: GraphResponse; caller?: Caller }> {
    const auth = authenticate(authorization, options.signingKey, fleet, req, options.publicBaseUrl);
    if ("status" in auth) return { res: auth };
    const caller = auth;
    const effective = faults.effective(caller.tenant.id);
    if (effective.latencyMs > 0) await new Promise((r) => setTimeout(r, effective.latencyMs));
    if (faults.fails(effective.errorRate)) {
      return {
        res: graphError(
          503,
          "ServiceUnavailable",
          "The service is temporarily unavailable. Please retry later.",
          req,
          {},
          { "Retry-After": String(Math.max(0.01, faults.timeScale)) },
        ),
        caller,
      };
    }
    if (!throttler.takeApp(caller.appId)) return { res: tooManyRequests(req, Math.max(0.01, faults.timeScale)), caller };
    if (req.path.toLowerCase() === "/$batch" || req.path.toLowerCase() === "/%24batch") {
      if (req.method !== "POST")
        return { res: graphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request uri.", req), caller };
      const res = await runBatch(req, async (item, itemId) => {
        const r = await dispatch(item, caller);
        record(item, caller, r.status, { requestId: req.requestId, itemId });
        return r;
      });
      return { res, caller };
    }
    return { res: await dispatch(req, caller), caller };
  }

  /** Handles /v1.0/... and /beta/...; false for any other path. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(url.pathname);
    if (!m) return false;
    const apiVersion = ((m[1] as string).toLowerCase() === "beta" ? "beta" : "v1.0") as ApiVersion;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const greq: GraphRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: m[2] && m[2] !== "/" ? m[2].replace(/\/+$/, "") : "/",
      query: url.searchParams,
      rawQuery: url.search.slice(1),
      headers,
      body: undefined,
      apiVersion,
      requestId: randomUUID(),
      clientRequestId: headers["client-request-id"] ?? randomUUID(),
    };
    let result: { res: GraphResponse; caller?: Caller };
    try {
      result = await readAndProcess(req, greq);
    } catch (e) {
      result = { res: graphError(500, "InternalServerError", `Emulator error: ${(e as Error).message}`, greq) };
    }
    record(greq, result.caller, result.res.status);
    sendJson(res, result.res.status, result.res.body, {
      ...(result.res.headers ?? {}),
      "request-id": greq.requestId,
      "client-request-id": greq.clientRequestId,
      "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Local", Slice: "E", Ring: "emulator", ScaleUnit: "000", RoleInstance: "EMU" } }),
    });
    return true;
  }

  async function readAndProcess(req: IncomingMessage, greq: GraphRequest): Promise<{ res: GraphResponse; caller?: Caller }> {
    if (greq.method !== "GET" && greq.method !== "DELETE" && greq.method !== "HEAD") {
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (e) {
        if (e instanceof BodyTooLargeError) return { res: graphError(413, "RequestEntityTooLarge", "The request body is too large.", greq) };
        throw e;
      }
      if (raw.length > 0) {
        if (!isJsonContentType(greq.headers["content-type"])) {
          return {
            res: graphError(415, "UnsupportedMediaType", `Content-Type '${greq.headers["content-type"] ?? ""}' is not supported; use application/json.`, greq),
          };
        }
        const parsed = parseJson(raw.toString("utf8"));
        if (!parsed.ok) {
          return {
            res: graphError(
              400,
              "BadRequest",
              "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
              greq,
            ),
          };
        }
        greq.body = parsed.value;
      }
    }
    return process(greq, req.headers.authorization);
  }

  return { handle, dispatch };
}

export type GraphFace = ReturnType<typeof createGraphFace>;
