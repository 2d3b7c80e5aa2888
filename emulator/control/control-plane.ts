// The test/demo control plane under /_emulator/ (docs/graph-contract.md §10), loopback only and never under
// /v1.0 or /beta: read the fleet, reset it, inject faults, and read the request log.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Faults } from "../faults";
import type { Fleet } from "../fleet/fleet";
import { graphTimestamp } from "../fleet/model";
import { applyPolicyPatch } from "../graph/ca-policies";
import { validateGraphValue } from "../graph/schema";
import type { Throttler } from "../graph/throttle";
import { isLoopback, parseJson, readBody } from "../http/body";
import type { RequestLog } from "../http/request-log";
import { sendJson } from "../http/response";
import { customerAdmin } from "./customer-admin";

const GDAP_STATUSES = [
  "activating",
  "active",
  "approvalPending",
  "approved",
  "created",
  "expired",
  "expiring",
  "terminated",
  "terminating",
  "terminationRequested",
] as const;

export const faultsBody = z
  .object({
    tenantId: z.string().optional(),
    clear: z.boolean().optional(),
    errorRate: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    storm429Seconds: z.number().min(0).max(3600).optional(),
    v1RefusesEveryTimeForAllApps: z.boolean().optional(),
    licence: z.object({ entraP1: z.boolean().optional(), entraP2: z.boolean().optional(), workloadIdentities: z.boolean().optional() }).strict().optional(),
    securityDefaults: z.boolean().optional(),
    gdapStatus: z.enum(GDAP_STATUSES).optional(),
    /** The partner removed every access assignment of its relationships with the tenant (status unchanged). */
    gdapAccessAssignments: z.literal("none").optional(),
    appConsent: z.union([z.literal(false), z.object({ delegatedScopes: z.array(z.string()), appRoles: z.array(z.string()) }).strict()]).optional(),
    policyCap: z.number().int().min(0).max(10_000).optional(),
    editPolicy: z
      .object({ policyId: z.string(), patch: z.record(z.string(), z.unknown()) })
      .strict()
      .optional(),
  })
  .strict();

export type FaultsBody = z.infer<typeof faultsBody>;

/** An admin changing a partner user's portal app role in Entra; `null` removes the assignment. */
export const appRoleAssignmentBody = z
  .object({
    userPrincipalName: z.string().min(3),
    role: z.enum(["Portal.Admin", "Portal.Operator", "Portal.Reader"]).nullable(),
  })
  .strict();

/** Makes every remembered browser sign-in this many minutes older (the local cloud's clock for auth_time and max_age). */
export const ageSignInsBody = z
  .object({
    minutes: z
      .number()
      .positive()
      .max(7 * 24 * 60),
  })
  .strict();

const TENANT_ONLY: (keyof FaultsBody)[] = ["licence", "securityDefaults", "gdapStatus", "gdapAccessAssignments", "appConsent", "policyCap", "editPolicy"];

export interface ControlPlaneOptions {
  fleet: Fleet;
  faults: Faults;
  throttler: Throttler;
  log: RequestLog;
  /** Other state to forget on reset (the login face's codes, refresh tokens and sessions). */
  onReset?: () => void;
  /** Moves the login face's remembered authentications back in time; returns how many browser sessions it aged. */
  ageSignIns?: (ms: number) => number;
}

function problem(res: ServerResponse, status: number, message: string, details?: unknown) {
  sendJson(res, status, { error: { code: status === 404 ? "NotFound" : "BadRequest", message, details } }, { "Content-Type": "application/json" });
}

export function createControlPlane(options: ControlPlaneOptions) {
  const { fleet, faults, throttler, log } = options;
  const admin = customerAdmin(fleet);

  function applyFaults(body: FaultsBody): { status: number; result: unknown } {
    if (!body.tenantId) {
      const misplaced = TENANT_ONLY.filter((k) => body[k] !== undefined);
      if (misplaced.length > 0) return { status: 400, result: { error: { code: "BadRequest", message: `${misplaced.join(", ")} need a tenantId` } } };
    }
    const tenant = body.tenantId ? fleet.tenantById(body.tenantId) : undefined;
    if (body.tenantId && !tenant) return { status: 404, result: { error: { code: "NotFound", message: `unknown tenant ${body.tenantId}` } } };
    if (body.clear) faults.clear(body.tenantId);
    faults.set(body.tenantId, body);
    let editedPolicy: unknown;
    if (tenant) {
      if (body.licence) tenant.licences = { ...tenant.licences, ...body.licence };
      if (body.securityDefaults !== undefined) tenant.securityDefaults = body.securityDefaults;
      if (body.policyCap !== undefined) tenant.policyCap = body.policyCap;
      if (body.appConsent !== undefined) {
        if (body.appConsent === false) tenant.consents.delete(fleet.portalApp.clientId);
        else tenant.consents.set(fleet.portalApp.clientId, body.appConsent);
      }
      if (body.gdapStatus) {
        const rels = fleet.relationshipsFor(tenant.id);
        if (rels.length === 0) return { status: 400, result: { error: { code: "BadRequest", message: "the tenant has no GDAP relationship" } } };
        for (const r of rels) {
          r.status = body.gdapStatus;
          r.lastModifiedDateTime = graphTimestamp(Date.now());
        }
      }
      if (body.gdapAccessAssignments === "none") {
        const rels = fleet.relationshipsFor(tenant.id);
        if (rels.length === 0) return { status: 400, result: { error: { code: "BadRequest", message: "the tenant has no GDAP relationship" } } };
        for (const r of rels) {
          r.accessAssignments = [];
          r.lastModifiedDateTime = graphTimestamp(Date.now());
        }
      }
      if (body.editPolicy) {
        const store = fleet.content(tenant).policies;
        const stored = store.get(body.editPolicy.policyId);
        if (!stored) return { status: 404, result: { error: { code: "NotFound", message: `unknown policy ${body.editPolicy.policyId}` } } };
        const issues = validateGraphValue("conditionalAccessPolicy", body.editPolicy.patch, { mode: "update" });
        if (issues.length > 0)
          return { status: 400, result: { error: { code: "BadRequest", message: "patch does not match the v1.0 schema", details: issues } } };
        const updated = applyPolicyPatch(stored, body.editPolicy.patch, Date.now());
        store.set(String(updated.id), updated);
        editedPolicy = updated;
      }
    }
    return { status: 200, result: { faults: faults.describe(), ...(editedPolicy ? { policy: editedPolicy } : {}) } };
  }

  /** Handles /_emulator/...; false for any other path. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith("/_emulator/") && url.pathname !== "/_emulator") return false;
    if (!isLoopback(req.socket.remoteAddress)) {
      problem(res, 403, "the control plane answers loopback clients only");
      return true;
    }
    const route = `${req.method ?? "GET"} ${url.pathname.replace(/\/+$/, "")}`;
    // One tenant's sign-in accounts (with their demo passwords), so a test can act as a customer
    // user without the fleet listing every user of every tenant.
    const tenantUsers = /^GET \/_emulator\/tenants\/([0-9a-f-]{36})\/users$/.exec(route);
    if (tenantUsers) {
      const users = fleet.users(tenantUsers[1]!);
      const value = users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, password: u.password }));
      sendJson(res, value.length ? 200 : 404, { value }, { "Content-Type": "application/json" });
      return true;
    }
    // A customer's admin at work (customer-admin.ts): list the policies, POST one, GET, PATCH or DELETE one.
    const adminRoute = /^(GET|POST|PATCH|DELETE) \/_emulator\/tenants\/([0-9a-f-]{36})\/policies(?:\/([0-9a-f-]{36}))?$/.exec(route);
    if (adminRoute) {
      const [, method, tenantId, policyId] = adminRoute;
      let body: unknown = undefined;
      if (method !== "DELETE" && method !== "GET") {
        const parsed = parseJson((await readBody(req, 1024 * 1024)).toString("utf8") || "{}");
        if (!parsed.ok) {
          problem(res, 400, `invalid JSON: ${parsed.message}`);
          return true;
        }
        body = parsed.value;
      }
      const result =
        method === "POST" && !policyId
          ? admin.create(tenantId!, body)
          : method === "PATCH" && policyId
            ? admin.update(tenantId!, policyId, body)
            : method === "GET" && policyId
              ? admin.read(tenantId!, policyId)
              : method === "GET"
                ? admin.list(tenantId!)
                : method === "DELETE" && policyId
                  ? admin.remove(tenantId!, policyId)
                  : { status: 404, body: { error: { code: "NotFound", message: `no control-plane route ${route}` } } };
      if (result.status === 204) {
        res.writeHead(204).end();
      } else {
        sendJson(res, result.status, result.body, { "Content-Type": "application/json" });
      }
      return true;
    }
    switch (route) {
      case "GET /_emulator/health":
        sendJson(res, 200, { ok: true }, { "Content-Type": "application/json" });
        return true;
      case "GET /_emulator/fleet":
        sendJson(res, 200, fleet.describe(), { "Content-Type": "application/json" });
        return true;
      case "POST /_emulator/reset":
        fleet.reset();
        faults.clear();
        throttler.clear();
        log.clear();
        options.onReset?.();
        sendJson(res, 200, { ok: true }, { "Content-Type": "application/json" });
        return true;
      case "GET /_emulator/faults":
        sendJson(res, 200, faults.describe(), { "Content-Type": "application/json" });
        return true;
      case "POST /_emulator/faults": {
        const parsed = parseJson((await readBody(req, 1024 * 1024)).toString("utf8") || "{}");
        if (!parsed.ok) {
          problem(res, 400, `invalid JSON: ${parsed.message}`);
          return true;
        }
        const body = faultsBody.safeParse(parsed.value);
        if (!body.success) {
          problem(res, 400, "invalid faults body", body.error.issues);
          return true;
        }
        const { status, result } = applyFaults(body.data);
        sendJson(res, status, result, { "Content-Type": "application/json" });
        return true;
      }
      case "POST /_emulator/app-role-assignments": {
        const body = await readBodyAs(req, res, appRoleAssignmentBody);
        if (!body) return true;
        const wanted = body.userPrincipalName.toLowerCase();
        const member = fleet.users(fleet.partner.id).find((u) => u.userPrincipalName.toLowerCase() === wanted);
        const user = member ? fleet.assignPortalRole(member.id, body.role) : undefined;
        if (!user) {
          problem(res, 404, `no partner user ${body.userPrincipalName}`);
          return true;
        }
        sendJson(res, 200, { userPrincipalName: user.userPrincipalName, portalRole: user.portalRole ?? null }, { "Content-Type": "application/json" });
        return true;
      }
      case "POST /_emulator/sign-ins/age": {
        const body = await readBodyAs(req, res, ageSignInsBody);
        if (!body) return true;
        const aged = options.ageSignIns?.(body.minutes * 60_000) ?? 0;
        sendJson(res, 200, { aged }, { "Content-Type": "application/json" });
        return true;
      }
      case "GET /_emulator/requests": {
        const q = url.searchParams;
        const sinceSeq = q.get("sinceSeq");
        const value = log.list({
          tenantId: q.get("tenant") ?? q.get("tenantId") ?? undefined,
          method: q.get("method") ?? undefined,
          pathPrefix: q.get("pathPrefix") ?? q.get("path") ?? undefined,
          since: q.get("since") ?? undefined,
          sinceSeq: sinceSeq !== null && /^\d+$/.test(sinceSeq) ? Number(sinceSeq) : undefined,
        });
        sendJson(res, 200, { count: value.length, value }, { "Content-Type": "application/json" });
        return true;
      }
      default:
        problem(res, 404, `no control-plane route ${route}`);
        return true;
    }
  }

  return { handle, applyFaults };
}

/** The request's JSON body checked against `schema`, or null once a 400 has been sent. */
async function readBodyAs<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S): Promise<z.output<S> | null> {
  const parsed = parseJson((await readBody(req, 64 * 1024)).toString("utf8") || "{}");
  if (!parsed.ok) {
    problem(res, 400, `invalid JSON: ${parsed.message}`);
    return null;
  }
  const body = schema.safeParse(parsed.value);
  if (!body.success) {
    problem(res, 400, "invalid body", body.error.issues);
    return null;
  }
  return body.data;
}
