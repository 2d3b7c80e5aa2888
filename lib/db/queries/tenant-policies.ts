// The tenant page's view of its policies: what the engine says about each snapshot, computed on
// the server so the browser gets words, not raw policies it would have to interpret.
import "server-only";
import {
  describePolicy,
  isMicrosoftManaged,
  planServiceProviderExclusion,
  policyFindings,
  withNames,
  type DescribeOptions,
  type PlanOutcome,
  type TenantLicenceFacts,
} from "../../ca";
import type { PolicySnapshot } from "../generated/client";

export interface PolicyView {
  id: string;
  displayName: string;
  state: string;
  /** When the tenant last changed the policy (Graph's modifiedDateTime, else createdDateTime), null when Graph gave neither. */
  modifiedAt: string | null;
  outcome: PlanOutcome | "unreadable";
  /** Microsoft created it; Graph lets an admin change only its state and excluded users, groups and roles. */
  microsoftManaged: boolean;
  reason: string;
  warnings: string[];
  sections: { section: string; lines: string[] }[];
  /** The conditions page's rules this policy breaks (lib/ca/policy-findings.ts), each with the rule quoted. */
  findings: { id: string; text: string; rule: string }[];
}

/** `names`: what the sync named for this tenant and the partner tenant as the MSP (lib/names/store.ts describeOptionsByTenant). */
export function policyViews(
  snapshots: PolicySnapshot[],
  partnerTenantId: string,
  names: DescribeOptions,
  licences: TenantLicenceFacts = { entraP2: null, insiderRisk: null },
): PolicyView[] {
  return snapshots.map((s) => {
    const created = (s.policy as { createdDateTime?: unknown } | null)?.createdDateTime;
    const modifiedAt = s.modifiedDateTime?.toISOString() ?? (typeof created === "string" ? created : null);
    const base = {
      id: s.policyId,
      displayName: s.displayName,
      state: s.state,
      modifiedAt,
      microsoftManaged: safeManaged(s.policy),
    };
    try {
      const plan = planServiceProviderExclusion(s.policy, partnerTenantId);
      const sections = describePolicy(s.policy, names).map((d) => ({
        section: d.section,
        lines: [...d.lines],
      }));
      // A licence the sync has not read (null) keeps its finding silent rather than guess.
      const findings = policyFindings(s.policy, licences);
      return {
        ...base,
        outcome: plan.outcome,
        reason: withNames(plan.reason, names),
        warnings: plan.warnings.map((w) => withNames(w, names)),
        sections,
        findings,
      };
    } catch (err) {
      return {
        ...base,
        outcome: "unreadable" as const,
        reason: `The policy could not be read: ${(err as Error).message}`,
        warnings: [],
        sections: [],
        findings: [],
      };
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
