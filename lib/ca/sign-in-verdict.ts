// The verdict of one sign-in scenario, in the words the MSP reads: "gets in", "gets in after MFA",
// "blocked by <policy>" (with the grant that blocks). Only enabled policies that apply count:
// report-only policies are evaluated but never enforced
// (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only).
import type { CaPolicy } from "./policy-model";
import type { AnalysisReason, PolicyEvaluation } from "./evaluate-sign-in";
import { isPlainObject, toPolicy } from "./read-policy";
import { grantRequirement } from "./sign-in-grant";

export type VerdictKind = "gets-in" | "gets-in-after-mfa" | "blocked";

export interface SignInVerdict {
  kind: VerdictKind;
  /** "gets in", "gets in after MFA" or "blocked by <policy> (<grant>)". */
  words: string;
  blockedBy: { policyId: string; displayName: string; grant: string }[];
  mfaBy: { policyId: string; displayName: string }[];
}

export function verdictOf(evaluations: readonly PolicyEvaluation[]): SignInVerdict {
  const enforced = evaluations.filter((e) => e.policyApplies && e.state === "enabled");
  const blockedBy = enforced
    .filter((e) => e.grant.kind === "blocked")
    .map((e) => ({ policyId: e.policyId, displayName: e.displayName, grant: e.grant.reason }));
  const mfaBy = enforced.filter((e) => e.grant.kind === "mfa").map((e) => ({ policyId: e.policyId, displayName: e.displayName }));
  if (blockedBy.length > 0) {
    const words = `blocked by ${blockedBy.map((b) => `${b.displayName || b.policyId} (${b.grant})`).join(", ")}`;
    return { kind: "blocked", words, blockedBy, mfaBy };
  }
  if (mfaBy.length > 0) return { kind: "gets-in-after-mfa", words: "gets in after MFA", blockedBy, mfaBy };
  return { kind: "gets-in", words: "gets in", blockedBy, mfaBy };
}

export const VERDICT_WORDS: Readonly<Record<VerdictKind, string>> = {
  "gets-in": "gets in",
  "gets-in-after-mfa": "gets in after MFA",
  blocked: "blocked",
};

const ANALYSIS_REASON_WORDS: Readonly<Record<string, string>> = {
  notSet: "every condition matches",
  policyNotEnabled: "the policy is off",
  users: "the users condition does not reach the partner's service provider users",
  workloadIdentities: "it targets workload identities",
  application: "it does not target the apps of this sign-in",
  userActions: "it targets user actions",
  authenticationContext: "it targets authentication contexts",
  clientApps: "it does not target this client app type",
  devicePlatform: "it does not target this device platform",
  location: "it does not target this location",
  userRisk: "it targets user risk",
  signInRisk: "it targets sign-in risk",
  insiderRisk: "it targets insider risk",
  devices: "its device filter does not match",
  authenticationFlow: "it targets authentication flows",
  notEnoughInformation: "the sign-in details are not enough to decide",
  invalidCondition: "a condition is invalid",
  emptyPolicy: "the policy is empty",
  invalidPolicy: "the policy is invalid",
  time: "it targets a time",
};

/** One whatIfAnalysisResult as Graph returns it (the policy with policyApplies and analysisReasons), read as an evaluation. */
/** `policy`: the result already read (toPolicy), when the caller has it. */
export function evaluationFromGraph(result: unknown, policy: CaPolicy = toPolicy(result)): PolicyEvaluation {
  const raw = isPlainObject(result) ? result : {};
  const applies = raw.policyApplies === true;
  const reason = typeof raw.analysisReasons === "string" && raw.analysisReasons !== "" ? raw.analysisReasons : "notSet";
  return {
    policyId: policy.id ?? "",
    displayName: policy.displayName ?? "",
    state: policy.state ?? "",
    policyApplies: applies,
    analysisReasons: reason as AnalysisReason,
    why: reason
      .split(",")
      .map((r) => ANALYSIS_REASON_WORDS[r.trim()] ?? r.trim())
      .join("; "),
    grant: grantRequirement(policy),
    uncertain: [],
  };
}
