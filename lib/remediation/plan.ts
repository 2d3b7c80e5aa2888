// One place that plans an item for any action: lib/ca's exclusion planners for the exclusions, the
// dedicated-policy plans for the partner tenant's own policy. Pure.
import { planServiceAccountExclusion, planServiceProviderExclusion, type ExclusionPlan } from "../ca";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { isDedicatedPolicyAction, patchRequest, type FixTarget, type GraphRequest } from "./actions";
import { planDedicated, type DedicatedTarget } from "./dedicated-policy";
import { planRestore } from "./restore";

/** What the engine would do to one policy (or, for a create, to the tenant). */
export interface PlannedItem {
  /** lib/ca's PlanOutcome for the exclusions; a DedicatedOutcome for the dedicated policy. */
  outcome: string;
  reason: string;
  warnings: string[];
  /** The exact request; null when nothing would be sent. */
  request: GraphRequest | null;
  /** needs-review with a proposed request: sent only when a person ticks this very policy. */
  requiresConfirmation: boolean;
}

export type ExclusionTarget = Extract<FixTarget, { action: "exclude-service-provider" | "exclude-service-account" }>;

/** lib/ca's plan for an exclusion. Throws lib/ca's PolicyReadError when the policy cannot be read. */
export function planFor(target: ExclusionTarget, policy: unknown): ExclusionPlan {
  return target.action === "exclude-service-provider"
    ? planServiceProviderExclusion(policy, target.partnerTenantId)
    : planServiceAccountExclusion(policy, target.accountObjectId);
}

/**
 * The plan for one item. `live` is the policy as just read; null only for the dedicated policy when
 * the tenant has none. Throws when an exclusion's policy cannot be read by lib/ca.
 */
export function planItem(target: FixTarget, live: GraphPolicy | null): PlannedItem {
  if (isDedicatedPolicyAction(target.action)) return planDedicated(target as DedicatedTarget, live);
  if (live === null) throw new Error("An exclusion is planned for a policy that was read.");
  if (target.action === "restore-before") return planRestore(target, live);
  const plan = planFor(target as ExclusionTarget, live);
  const sends = plan.body !== null && (plan.outcome === "patch" || plan.outcome === "needs-review");
  return {
    outcome: plan.outcome,
    reason: plan.reason,
    warnings: plan.warnings.slice(),
    request: sends ? patchRequest(live.id, plan.body as Record<string, unknown>) : null,
    requiresConfirmation: plan.outcome === "needs-review" && plan.body !== null,
  };
}
