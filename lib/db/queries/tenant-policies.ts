// The tenant page's view of its policies: what the engine says about each snapshot, computed on
// the server so the browser gets words, not raw policies it would have to interpret.
import "server-only";
import { describePolicy, isMicrosoftManaged, planServiceProviderExclusion, withNames, type DescribeOptions, type PlanOutcome } from "../../ca";
import type { PolicySnapshot } from "../generated/client";

export interface PolicyView {
  id: string;
  displayName: string;
  state: string;
  syncedAt: string;
  outcome: PlanOutcome | "unreadable";
  /** Microsoft created it; Graph lets an admin change only its state and excluded users, groups and roles. */
  microsoftManaged: boolean;
  reason: string;
  warnings: string[];
  sections: { section: string; lines: string[] }[];
}

/** `names`: what the sync named for this tenant and the partner tenant as the MSP (lib/names/store.ts describeOptionsByTenant). */
export function policyViews(snapshots: PolicySnapshot[], partnerTenantId: string, names: DescribeOptions): PolicyView[] {
  return snapshots.map((s) => {
    const base = { id: s.policyId, displayName: s.displayName, state: s.state, syncedAt: s.syncedAt.toISOString(), microsoftManaged: safeManaged(s.policy) };
    try {
      const plan = planServiceProviderExclusion(s.policy, partnerTenantId);
      const sections = describePolicy(s.policy, names).map((d) => ({
        section: d.section,
        lines: [...d.lines],
      }));
      return { ...base, outcome: plan.outcome, reason: withNames(plan.reason, names), warnings: plan.warnings.map((w) => withNames(w, names)), sections };
    } catch (err) {
      return { ...base, outcome: "unreadable" as const, reason: `The policy could not be read: ${(err as Error).message}`, warnings: [], sections: [] };
    }
  });
}

function safeManaged(policy: unknown): boolean {
  try {
    return isMicrosoftManaged(policy);
  } catch {
    return false; // an unreadable policy is reported as such; the engine reads nothing from it
  }
}
