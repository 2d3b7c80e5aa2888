import { describe, expect, it } from "vitest";
import type { SignInVerdict } from "../ca";
import { headlineOf, proofVerdictOf, type ProofResult } from "./view";

const verdict = (kind: SignInVerdict["kind"], words: string): SignInVerdict => ({ kind, words, blockedBy: [], mfaBy: [] });
const result = (...verdicts: SignInVerdict[]): ProofResult => ({
  scenarios: verdicts.map((v, i) => ({ key: `s${i}`, name: `Scenario ${i}`, verdict: v, evaluations: [] })),
  labels: [],
});

describe("a proof in one word", () => {
  it("is the worst verdict across scenarios, as the headline words it", () => {
    const cases: [string | null, ProofResult, string, string][] = [
      [null, result(verdict("gets-in", "gets in"), verdict("gets-in", "gets in")), "gets-in", "proven: gets in"],
      [null, result(verdict("gets-in", "gets in"), verdict("gets-in-after-mfa", "gets in after MFA")), "gets-in-after-mfa", "proven: gets in after MFA"],
      [
        null,
        result(verdict("gets-in-after-mfa", "gets in after MFA"), verdict("blocked", "blocked by Block all (block)")),
        "blocked",
        "proven: blocked by Block all (block)",
      ],
      [null, result(), "not-proven", "not proven: no scenario"],
      ["There is no GDAP relationship with this customer.", result(), "not-proven", "not proven: There is no GDAP relationship with this customer."],
    ];
    for (const [error, r, word, headline] of cases) {
      expect(proofVerdictOf(error, r)).toBe(word);
      expect(headlineOf(error, r)).toBe(headline);
    }
  });
});
