// /identity/conditionalAccess/policies (and the alias /policies/conditionalAccessPolicies):
// list/get/create/PATCH/delete with Graph's semantics (docs/graph-contract.md §5): schema validation (1007),
// PATCH merge, the documented rule errors, the per-tenant policy cap, modifiedDateTime on update.
import { randomUUID } from "node:crypto";
import { graphTimestamp } from "../fleet/model";
import { graphError, type GraphResponse } from "../http/response";
import type { Router } from "../http/router";
import { canonicalPolicy, serializePolicy } from "./ca-policy";
import { checkPolicyRules, checkReferences, policyCapMessage, SCHEMA_MISMATCH_MESSAGE, type RuleViolation } from "./ca-rules";
import { listCollection, parseSelect, project } from "./collection";
import { managedRefusal, isManagedPolicy, refusedManagedChange } from "./managed-policies";
import { CA_READ, CA_WRITE } from "./permissions";
import { validateGraphValue } from "./schema";
import { mergePatch } from "./shape";
import type { RouteContext, RouteDef } from "./types";

type Json = Record<string, unknown>;

const BASES = ["/identity/conditionalAccess/policies", "/policies/conditionalAccessPolicies"];

function schemaError(ctx: RouteContext, issues: { path: string; message: string }[]): GraphResponse {
  const first = issues[0];
  return graphError(400, "BadRequest", SCHEMA_MISMATCH_MESSAGE, ctx.req, first ? { message: `${first.path}: ${first.message}` } : {});
}

function notFound(ctx: RouteContext): GraphResponse {
  return graphError(404, "ResourceNotFound", `Policy with id '${ctx.params.id}' was not found.`, ctx.req);
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function policies(ctx: RouteContext) {
  return ctx.fleet.content(ctx.caller.tenant).policies;
}

/** Whether the tenant's directory holds this user or group (ids are lower-case GUIDs in the fleet). */
export function directoryLookup(content: { usersById: Map<string, unknown>; groups: { id: string }[] }) {
  const groups = new Set(content.groups.map((g) => g.id.toLowerCase()));
  return (kind: "user" | "group", id: string) => (kind === "user" ? content.usersById.has(id) : groups.has(id));
}

function violationResponse(ctx: RouteContext, v: RuleViolation): GraphResponse {
  return graphError(v.status, v.code, v.message, ctx.req, v.innerMessage ? { message: v.innerMessage } : {});
}

function ruleContext(ctx: RouteContext, enabling: boolean) {
  const t = ctx.caller.tenant;
  return {
    licences: t.licences,
    securityDefaults: t.securityDefaults,
    apiVersion: ctx.req.apiVersion,
    v1RefusesEveryTimeForAllApps: ctx.v1RefusesEveryTimeForAllApps,
    enabling,
  };
}

const list: RouteDef = {
  requirement: CA_READ,
  conditionalAccess: true,
  queryOptions: ["$filter", "$select", "$top", "$skiptoken", "$count", "$orderby", "$skip"],
  handler: (ctx) => {
    const items = [...policies(ctx).values()].map((p) => serializePolicy(p, ctx.versionBase));
    return listCollection(ctx, items, {
      typeName: "conditionalAccessPolicy",
      contextPath: "identity/conditionalAccess/policies",
      defaultPageSize: 100,
      maxPageSize: 999,
      filterable: ["id", "displayName", "state", "templateId"],
      orderable: ["displayName", "createdDateTime", "modifiedDateTime", "state"],
    });
  },
};

const get: RouteDef = {
  requirement: CA_READ,
  conditionalAccess: true,
  queryOptions: ["$select"],
  handler: (ctx) => {
    const p = policies(ctx).get(ctx.params.id ?? "");
    if (!p) return notFound(ctx);
    const body = serializePolicy(p, ctx.versionBase, `${ctx.versionBase}/$metadata#identity/conditionalAccess/policies/$entity`);
    const fields = parseSelect(ctx, undefined, body, "conditionalAccessPolicy");
    if (fields && !Array.isArray(fields)) return fields;
    return { status: 200, body: fields ? { "@odata.context": body["@odata.context"], ...project(body, fields) } : body };
  },
};

const create: RouteDef = {
  requirement: CA_WRITE,
  conditionalAccess: true,
  handler: (ctx) => {
    const body = ctx.req.body;
    const issues = validateGraphValue("conditionalAccessPolicy", body, { mode: "create" });
    if (issues.length > 0 || !isObject(body)) return schemaError(ctx, issues);
    const policy = canonicalPolicy(body, { id: randomUUID(), createdDateTime: graphTimestamp(Date.now()), modifiedDateTime: null, templateId: null });
    const violation =
      checkPolicyRules(policy, ruleContext(ctx, policy.state === "enabled")) ?? checkReferences(body, directoryLookup(ctx.fleet.content(ctx.caller.tenant)));
    if (violation) return violationResponse(ctx, violation);
    const store = policies(ctx);
    if (store.size >= ctx.caller.tenant.policyCap) return graphError(400, "BadRequest", policyCapMessage(ctx.caller.tenant.policyCap), ctx.req);
    store.set(String(policy.id), policy);
    return {
      status: 201,
      headers: { Location: `${ctx.versionBase}/identity/conditionalAccess/policies/${String(policy.id)}` },
      body: serializePolicy(policy, ctx.versionBase, `${ctx.versionBase}/$metadata#identity/conditionalAccess/policies/$entity`),
    };
  },
};

const update: RouteDef = {
  requirement: CA_WRITE,
  conditionalAccess: true,
  handler: (ctx) => {
    const store = policies(ctx);
    const stored = store.get(ctx.params.id ?? "");
    if (!stored) return notFound(ctx);
    const patch = ctx.req.body;
    const issues = validateGraphValue("conditionalAccessPolicy", patch, { mode: "update" });
    if (issues.length > 0 || !isObject(patch)) return schemaError(ctx, issues);
    const refused = isManagedPolicy(stored) ? refusedManagedChange(patch) : null;
    if (refused) return managedRefusal(ctx, `${refused} is not editable`);
    const updated = applyPolicyPatch(stored, patch, Date.now());
    const violation =
      checkPolicyRules(updated, ruleContext(ctx, patch.state === "enabled")) ?? checkReferences(patch, directoryLookup(ctx.fleet.content(ctx.caller.tenant)));
    if (violation) return violationResponse(ctx, violation);
    store.set(String(updated.id), updated);
    return { status: 204 };
  },
};

/** Graph's PATCH on a stored policy: merge, re-derive the canonical form, stamp modifiedDateTime. */
export function applyPolicyPatch(stored: Json, patch: Json, now: number): Json {
  const merged = mergePatch("conditionalAccessPolicy", stored, patch);
  return canonicalPolicy(merged, {
    id: String(stored.id),
    createdDateTime: String(stored.createdDateTime),
    modifiedDateTime: graphTimestamp(now),
    templateId: (stored.templateId as string | null) ?? null,
  });
}

const remove: RouteDef = {
  requirement: CA_WRITE,
  conditionalAccess: true,
  handler: (ctx) => {
    const store = policies(ctx);
    const stored = store.get(ctx.params.id ?? "");
    if (!stored) return notFound(ctx);
    if (isManagedPolicy(stored)) return managedRefusal(ctx, "it cannot be deleted");
    store.delete(ctx.params.id ?? "");
    return { status: 204 };
  },
};

export function registerPolicyRoutes(router: Router<RouteDef>) {
  for (const base of BASES) {
    router.add("GET", base, list).add("POST", base, create);
    router.add("GET", `${base}/:id`, get).add("PATCH", `${base}/:id`, update).add("DELETE", `${base}/:id`, remove);
  }
}
