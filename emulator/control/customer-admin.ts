// The control plane playing a customer's admin: edit, add or delete a tenant's Conditional Access
// policies as the Entra admin center would, leaving exactly what Graph then shows.
//
// - A create gets a new GUID id and `createdDateTime`; `modifiedDateTime` is null until the first
//   change, and every PATCH stamps it ("modifiedDateTime: ... The Timestamp type represents date and
//   time information using ISO 8601 format and is always in UTC time. ... Readonly", conditionalAccessPolicy
//   resource, https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy; observed: a new
//   policy lists with modifiedDateTime null, docs/graph-contract.md §5).
// - A PATCH merges like Graph's PATCH (https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update:
//   "properties not included in the request body maintain their previous values").
// - A delete removes the policy from the list at once; Graph keeps no soft-deleted copy of a CA policy
//   that a list would show (https://learn.microsoft.com/graph/api/conditionalaccesspolicy-delete, 204 No Content).
// The same schema and rule checks as Graph's own routes apply, so a test cannot make a policy Graph would refuse.
// These edits are the customer's, not the portal app's: they are neither throttled nor in the request log.
import { randomUUID } from "node:crypto";
import { graphTimestamp } from "../fleet/model";
import type { Fleet } from "../fleet/fleet";
import { applyPolicyPatch, directoryLookup } from "../graph/ca-policies";
import { canonicalPolicy } from "../graph/ca-policy";
import { checkPolicyRules, checkReferences, policyCapMessage } from "../graph/ca-rules";
import { validateGraphValue } from "../graph/schema";

type Json = Record<string, unknown>;
export type AdminResult = { status: number; body?: unknown };

const bad = (message: string, details?: unknown): AdminResult => ({ status: 400, body: { error: { code: "BadRequest", message, details } } });
const notFound = (message: string): AdminResult => ({ status: 404, body: { error: { code: "NotFound", message } } });

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function customerAdmin(fleet: Fleet) {
  function tenantOf(tenantId: string) {
    return fleet.tenantById(tenantId);
  }
  function rules(tenantId: string, policy: Json, body: Json, enabling: boolean) {
    const t = tenantOf(tenantId)!;
    return (
      checkPolicyRules(policy, {
        licences: t.licences,
        securityDefaults: t.securityDefaults,
        apiVersion: "v1.0",
        v1RefusesEveryTimeForAllApps: false,
        enabling,
      }) ?? checkReferences(body, directoryLookup(fleet.content(t)))
    );
  }

  return {
    create(tenantId: string, body: unknown): AdminResult {
      const tenant = tenantOf(tenantId);
      if (!tenant) return notFound(`unknown tenant ${tenantId}`);
      const issues = validateGraphValue("conditionalAccessPolicy", body, { mode: "create" });
      if (issues.length > 0 || !isObject(body)) return bad("policy does not match the v1.0 schema", issues);
      const policy = canonicalPolicy(body, { id: randomUUID(), createdDateTime: graphTimestamp(Date.now()), modifiedDateTime: null, templateId: null });
      const violation = rules(tenantId, policy, body, policy.state === "enabled");
      if (violation) return bad(violation.innerMessage ?? violation.message);
      const store = fleet.content(tenant).policies;
      if (store.size >= tenant.policyCap) return bad(policyCapMessage(tenant.policyCap));
      store.set(String(policy.id), policy);
      return { status: 201, body: policy };
    },
    update(tenantId: string, policyId: string, patch: unknown): AdminResult {
      const tenant = tenantOf(tenantId);
      if (!tenant) return notFound(`unknown tenant ${tenantId}`);
      const store = fleet.content(tenant).policies;
      const stored = store.get(policyId);
      if (!stored) return notFound(`unknown policy ${policyId}`);
      const issues = validateGraphValue("conditionalAccessPolicy", patch, { mode: "update" });
      if (issues.length > 0 || !isObject(patch)) return bad("patch does not match the v1.0 schema", issues);
      const updated = applyPolicyPatch(stored, patch, Date.now());
      const violation = rules(tenantId, updated, patch, patch.state === "enabled");
      if (violation) return bad(violation.innerMessage ?? violation.message);
      store.set(policyId, updated);
      return { status: 200, body: updated };
    },
    /** What the admin center shows of one policy: the stored policy, as Graph's GET returns it. */
    list(tenantId: string): AdminResult {
      const tenant = tenantOf(tenantId);
      if (!tenant) return notFound(`unknown tenant ${tenantId}`);
      return { status: 200, body: { value: [...fleet.content(tenant).policies.values()] } };
    },
    read(tenantId: string, policyId: string): AdminResult {
      const tenant = tenantOf(tenantId);
      if (!tenant) return notFound(`unknown tenant ${tenantId}`);
      const stored = fleet.content(tenant).policies.get(policyId);
      return stored ? { status: 200, body: stored } : notFound(`unknown policy ${policyId}`);
    },
    remove(tenantId: string, policyId: string): AdminResult {
      const tenant = tenantOf(tenantId);
      if (!tenant) return notFound(`unknown tenant ${tenantId}`);
      return fleet.content(tenant).policies.delete(policyId) ? { status: 204 } : notFound(`unknown policy ${policyId}`);
    },
  };
}
