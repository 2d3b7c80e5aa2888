// The verdict before and after a planned fix, for its preview: Graph's What If evaluates only the
// policies that exist, so lib/ca's pure evaluation runs on the live policies and on the same policies
// with the planned PATCH bodies applied (Graph's PATCH semantics, lib/ca applyGraphPatch).
import { applyGraphPatch, evaluateSignIn, verdictOf, type SignInScenario, type SignInVerdict } from "../ca";
import type { GraphPolicy } from "../graph/tenant-graph-contract";

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
