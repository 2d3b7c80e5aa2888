// The refined assessment: what each policy does to the MSP across its sign-in scenarios, so a person
// sees which exclusions matter most. Guidance only: the default fix stays "exclude the service
// provider from every policy that reaches it".
import type { PolicyEvaluation } from "./evaluate-sign-in";

export type PolicyLabelKind = "blocks-msp" | "mfa-only" | "applies-no-grant" | "not-reaching" | "cannot-tell";

export const POLICY_LABEL_WORDS: Readonly<Record<PolicyLabelKind, string>> = {
  "blocks-msp": "blocks the MSP",
  "mfa-only": "asks for MFA only",
  "applies-no-grant": "applies, blocks nothing",
  "not-reaching": "does not reach the MSP",
  "cannot-tell": "cannot tell",
};

export interface PolicyLabel {
  policyId: string;
  displayName: string;
  kind: PolicyLabelKind;
  words: string;
  reasons: string[];
}

/** `byScenario`: for each scenario (by name), the policy's evaluation in it. */
export function labelPolicy(byScenario: ReadonlyArray<{ scenario: string; evaluation: PolicyEvaluation }>): PolicyLabel {
  const first = byScenario[0]?.evaluation;
  const policyId = first?.policyId ?? "";
  const displayName = first?.displayName ?? "";
  const applying = byScenario.filter((s) => s.evaluation.policyApplies);
  const uncertain = [...new Set(byScenario.flatMap((s) => s.evaluation.uncertain))];
  const reportOnly = first?.state === "enabledForReportingButNotEnforced" ? ["it is report-only: it enforces nothing today"] : [];
  const label = (kind: PolicyLabelKind, reasons: string[]): PolicyLabel => ({ policyId, displayName, kind, words: POLICY_LABEL_WORDS[kind], reasons });

  if (uncertain.length > 0) return label("cannot-tell", uncertain);
  if (applying.length === 0) {
    return label(
      "not-reaching",
      byScenario.map((s) => `${s.scenario}: ${s.evaluation.why}`),
    );
  }
  const blocking = applying.filter((s) => s.evaluation.grant.kind === "blocked");
  if (blocking.length > 0) return label("blocks-msp", [...blocking.map((s) => `${s.scenario}: ${s.evaluation.grant.reason}`), ...reportOnly]);
  if (applying.some((s) => s.evaluation.grant.kind === "mfa"))
    return label("mfa-only", [`it applies to ${applying.map((s) => s.scenario).join("; ")} and requires multifactor authentication`, ...reportOnly]);
  return label("applies-no-grant", [
    `it applies to ${applying.map((s) => s.scenario).join("; ")} with no grant requirement (session controls at most)`,
    ...reportOnly,
  ]);
}
