// The verdict before and after a planned fix, for its preview: Graph's What If evaluates only the
// policies that exist, so lib/ca's pure evaluation runs on the live policies and on the same policies
// with the planned PATCH bodies applied (Graph's PATCH semantics, lib/ca applyGraphPatch).
import { applyGraphPatch, evaluateSignIn, toPolicy, verdictOf, type SignInScenario, type SignInVerdict } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import { GraphFailure, type GraphPolicy, type TenantGraph } from "../graph/tenant-graph-contract";
import { loadScenarios } from "./scenarios";

export interface PlannedChange {
  policyId: string | null;
  request: { method: "PATCH" | "POST"; body: Record<string, unknown> } | null;
  /** Sent only when a person ticks it: not part of the planned "after". */
  requiresConfirmation: boolean;
}

export interface PlannedVerdict {
  key: string;
  name: string;
  before: SignInVerdict;
  after: SignInVerdict;
}

export function plannedVerdicts(
  policies: readonly GraphPolicy[],
  changes: readonly PlannedChange[],
  scenarios: readonly SignInScenario[],
  context: { partnerTenantId: string; gdapRoleTemplateIds: readonly string[]; namedLocations?: readonly unknown[] },
): PlannedVerdict[] {
  const patches = new Map<string, Record<string, unknown>>();
  for (const c of changes) if (c.policyId && c.request?.method === "PATCH" && !c.requiresConfirmation) patches.set(c.policyId, c.request.body);
  const after = policies.map((p) => {
    const patch = patches.get(p.id);
    return patch ? applyGraphPatch(p, patch) : p;
  });
  return scenarios.map((scenario) => ({
    key: scenario.key,
    name: scenario.name,
    before: verdictOf(evaluateSignIn(policies, scenario, context)),
    after: verdictOf(evaluateSignIn(after, scenario, context)),
  }));
}

/**
 * The verdicts for a fix's preview: the tenant's policies read once more (every state: the preview
 * holds only the ones in scope) and its named locations when a policy names one. Null when Graph could
 * not be read: the preview stands without them.
 */
export async function plannedForPreview(o: {
  prisma: PrismaClient;
  graph: TenantGraph;
  tenantId: string;
  partnerTenantId: string;
  changes: readonly PlannedChange[];
}): Promise<PlannedVerdict[] | null> {
  try {
    const policies = await o.graph.listPolicies();
    const namesLocation = policies.some((p) => {
      const l = toPolicy(p).conditions.locations;
      return !!l && [...l.includeLocations, ...l.excludeLocations].some((id) => !["all", "alltrusted"].includes(id.toLowerCase()));
    });
    const namedLocations = namesLocation ? await o.graph.listNamedLocations() : [];
    const tenant = await o.prisma.customerTenant.findUnique({ where: { id: o.tenantId }, select: { gdapRoles: true } });
    const scenarios = await loadScenarios(o.prisma);
    return plannedVerdicts(policies, o.changes, scenarios, {
      partnerTenantId: o.partnerTenantId,
      gdapRoleTemplateIds: tenant?.gdapRoles ?? [],
      namedLocations,
    });
  } catch (err) {
    if (err instanceof GraphFailure) return null;
    throw err;
  }
}
