// Counting, pure: what a tenant's preview would do, and a tenant's policies by outcome in a run.
import type { ApplyItem, FixTarget, PolicyPreview } from "../remediation";

export interface PreviewCounts {
  /** Policies with a request that needs no confirmation. */
  toChange: number;
  /** needs-review policies with a proposed request: written only when the person confirms each. */
  needsReview: number;
  /** Everything else: already excluded, not applicable, unreadable, or nothing can be proposed. */
  toSkip: number;
}

export function previewCounts(policies: readonly Pick<PolicyPreview, "request" | "requiresConfirmation">[]): PreviewCounts {
  let toChange = 0;
  let needsReview = 0;
  for (const p of policies) {
    if (p.request === null) continue;
    if (p.requiresConfirmation) needsReview += 1;
    else toChange += 1;
  }
  return { toChange, needsReview, toSkip: policies.length - toChange - needsReview };
}

export type ChangeResult = "applied" | "failed" | "skipped" | "pending";

export interface PolicyCounts {
  applied: number;
  skipped: number;
  failed: number;
  pending: number;
}

/** The key of a history row's policy: its id, or the policy it created (a create's row has no policy id, only the name). */
function policyKey(row: { policyId: string | null; policyName?: string }): string {
  return row.policyId ?? `new:${row.policyName ?? ""}`;
}

/** The same key for an item to apply (a create is recorded under the dedicated policy's configured name). */
export function itemKey(item: Pick<ApplyItem, "policyId">, target: FixTarget): string {
  return policyKey({ policyId: item.policyId, policyName: "dedicatedPolicy" in target ? target.dedicatedPolicy.dedicatedPolicyName : "" });
}

/**
 * Each policy's outcome in a run from its history rows (a tenant may have been attempted more than
 * once, a write retried on /beta): applied if any row is applied (a later attempt then finds it
 * already done and skips it), otherwise its latest row.
 */
export function outcomesByPolicy(
  rows: readonly { policyId: string | null; policyName?: string; result: ChangeResult; createdAt: Date }[],
): Map<string, ChangeResult> {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const out = new Map<string, ChangeResult>();
  for (const row of sorted) {
    const key = policyKey(row);
    if (out.get(key) === "applied") continue;
    out.set(key, row.result);
  }
  return out;
}

export function countOutcomes(outcomes: ReadonlyMap<string, ChangeResult>): PolicyCounts {
  const counts: PolicyCounts = { applied: 0, skipped: 0, failed: 0, pending: 0 };
  for (const result of outcomes.values()) counts[result] += 1;
  return counts;
}
