// Proof of access: asks Graph's What If (POST /identity/conditionalAccess/evaluate) whether the
// partner's service provider gets into a tenant, for every scenario, and keeps the answer (AccessProof,
// append-only). Graph answers per policy whether it applies and why not; lib/ca reads what each
// applying policy's grant asks and puts the verdict in words. Each evaluate is a Conditional Access
// request, paced per tenant by lib/graph like every other.
import { evaluatePolicy, evaluateRequestBody, evaluationFromGraph, labelPolicy, toPolicy, verdictOf, type CaPolicy, type SignInScenario } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import { GraphFailure, type NamedLocation, type TenantGraph } from "../graph/tenant-graph-contract";
import { recordProof } from "./record";
import { proofVerdictOf, proofView, type AccessProofView, type ProofKind, type ProofResult, type ProofScenarioResult } from "./view";

export interface ProveOptions {
  prisma: PrismaClient;
  graph: TenantGraph;
  tenantId: string;
  partnerTenantId: string;
  /** The tenant's GDAP role template ids when the caller has just read them (a run's tenant job); else read here. */
  gdapRoles?: readonly string[];
  scenarios: readonly SignInScenario[];
  kind: ProofKind;
  runId?: string;
  checkedByUpn?: string;
  /** The fleet-wide check this proof belongs to (fleet-check.ts). */
  checkId?: string;
}

export async function proveTenant(o: ProveOptions): Promise<AccessProofView> {
  const gdapRoles = o.gdapRoles ?? (await o.prisma.customerTenant.findUnique({ where: { id: o.tenantId }, select: { gdapRoles: true } }))?.gdapRoles ?? [];
  let result: ProofResult | null = null;
  let error: string | null = null;
  try {
    result = await ask(o, gdapRoles);
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    error = err.message;
  }
  const proven = result ?? { scenarios: [], labels: [] };
  const row = await recordProof(o.prisma, {
    tenantId: o.tenantId,
    kind: o.kind,
    verdict: proofVerdictOf(error, proven),
    result: proven,
    error,
    runId: o.runId,
    checkedByUpn: o.checkedByUpn,
    checkId: o.checkId,
  });
  return proofView(row);
}

async function ask(o: ProveOptions, gdapRoleTemplateIds: readonly string[]): Promise<ProofResult> {
  let namedLocations: NamedLocation[] | undefined;
  const scenarios: ProofScenarioResult[] = [];
  for (const scenario of o.scenarios) {
    const answers = await o.graph.evaluate(evaluateRequestBody(scenario, o.partnerTenantId));
    // Each answer read once (lib/ca), for all three uses below: a bulk run proves thousands of tenants,
    // and reading every answer three times was a quarter of what a run's worker allocated.
    const policies = answers.map(toPolicy);
    // What Graph cannot say, lib/ca flags: read against the same policy (named locations only when a policy names one).
    if (namedLocations === undefined && policies.some(namesALocation)) namedLocations = await o.graph.listNamedLocations();
    const context = { partnerTenantId: o.partnerTenantId, gdapRoleTemplateIds, namedLocations: namedLocations ?? [] };
    const evaluations = answers.map((answer, i) => ({
      ...evaluationFromGraph(answer, policies[i]),
      uncertain: evaluatePolicy(policies[i]!, scenario, context).uncertain,
    }));
    scenarios.push({ key: scenario.key, name: scenario.name, verdict: verdictOf(evaluations), evaluations });
  }
  return { scenarios, labels: labelsOf(scenarios) };
}

export function labelsOf(scenarios: readonly Pick<ProofScenarioResult, "name" | "evaluations">[]) {
  const ids = [...new Set(scenarios.flatMap((s) => s.evaluations.map((e) => e.policyId)))];
  return ids.map((id) =>
    labelPolicy(
      scenarios.flatMap((s) => {
        const evaluation = s.evaluations.find((e) => e.policyId === id);
        return evaluation ? [{ scenario: s.name, evaluation }] : [];
      }),
    ),
  );
}

function namesALocation(policy: CaPolicy): boolean {
  const locations = policy.conditions.locations;
  return !!locations && [...locations.includeLocations, ...locations.excludeLocations].some((l) => !["all", "alltrusted"].includes(l.toLowerCase()));
}
