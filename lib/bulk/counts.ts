// Counting, pure: what a tenant's preview would do, and a tenant's policies by outcome in a run.
import type { ApplyItem } from "../remediation";
import type { FixPreview, FixPreviewPolicy } from "../fixes/preview-view";

export interface PreviewCounts {
  /** Policies with a request that needs no confirmation. */
  toChange: number;
  /** needs-review policies with a proposed request: written only when the person confirms each. */
  needsReview: number;
  /** Everything else: already excluded, not applicable, unreadable, or nothing can be proposed. */
  toSkip: number;
}

export function previewCounts(policies: readonly Pick<FixPreviewPolicy, "request" | "requiresConfirmation">[]): PreviewCounts {
  let toChange = 0;
  let needsReview = 0;
  for (const p of policies) {
    if (p.request === null) continue;
    if (p.requiresConfirmation) needsReview += 1;
    else toChange += 1;
  }
  return { toChange, needsReview, toSkip: policies.length - toChange - needsReview };
}

/**
 * The engine's items for one tenant of a bulk run: every policy with a request, needs-review ones
 * only when the person confirmed that very policy (and the options offered them at all).
 */
export function itemsForTenant(preview: Pick<FixPreview, "policies">, confirmed: ReadonlySet<string>, includeNeedsReview: boolean): ApplyItem[] {
  return preview.policies
    .filter((p) => p.request !== null && (!p.requiresConfirmation || (includeNeedsReview && confirmed.has(p.policyId))))
    .map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: p.requiresConfirmation }));
}

export type ChangeResult = "applied" | "failed" | "skipped" | "pending";

export interface PolicyCounts {
  applied: number;
  skipped: number;
  failed: number;
  pending: number;
}

/**
 * Each policy's outcome in a run from its history rows (a tenant may have been attempted more than
 * once): applied if any row is applied (a later attempt then finds it already excluded and skips
 * it), otherwise its latest row. Policies without any row are not counted.
 */
export function outcomesByPolicy(rows: readonly { policyId: string | null; result: ChangeResult; createdAt: Date }[]): Map<string, ChangeResult> {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const out = new Map<string, ChangeResult>();
  for (const row of sorted) {
    if (row.policyId === null) continue;
    if (out.get(row.policyId) === "applied") continue;
    out.set(row.policyId, row.result);
  }
  return out;
}

export function countOutcomes(outcomes: ReadonlyMap<string, ChangeResult>): PolicyCounts {
  const counts: PolicyCounts = { applied: 0, skipped: 0, failed: 0, pending: 0 };
  for (const result of outcomes.values()) counts[result] += 1;
  return counts;
}
