import { describe, expect, it } from "vitest";
import { itemsFromPreview, type FixTarget, type PolicyPreview } from "../remediation";
import { countOutcomes, itemKey, outcomesByPolicy, previewCounts } from "./counts";
import { runSummary } from "./finish-run";

const request = { method: "PATCH" as const, path: "/identity/conditionalAccess/policies/x", body: {} };

function policy(policyId: string, kind: "patch" | "review" | "review-no-request" | "skip"): PolicyPreview {
  return {
    action: "exclude-service-provider",
    policyId,
    name: policyId,
    state: "enabled",
    outcome: kind === "patch" ? "patch" : kind === "skip" ? "already-excluded" : "needs-review",
    reason: "",
    warnings: [],
    before: null,
    request: kind === "patch" || kind === "review" ? request : null,
    fingerprint: `fp-${policyId}`,
    requiresConfirmation: kind === "review",
  };
}

describe("preview counts", () => {
  it("splits policies into to change, needing review (with a proposal) and to skip", () => {
    const policies = [policy("a", "patch"), policy("b", "patch"), policy("c", "review"), policy("d", "review-no-request"), policy("e", "skip")];
    expect(previewCounts(policies)).toEqual({ toChange: 2, needsReview: 1, toSkip: 2 });
    expect(previewCounts([])).toEqual({ toChange: 0, needsReview: 0, toSkip: 0 });
  });

  it("plans needs-review policies only when offered and confirmed one by one", () => {
    const preview = { policies: [policy("a", "patch"), policy("c", "review"), policy("f", "review"), policy("e", "skip")] };
    expect(itemsFromPreview(preview, new Set(["c"]), false).map((i) => i.policyId)).toEqual(["a"]);
    expect(itemsFromPreview(preview, new Set(["c"]), true)).toEqual([
      { policyId: "a", expectedFingerprint: "fp-a", confirmedNeedsReview: false },
      { policyId: "c", expectedFingerprint: "fp-c", confirmedNeedsReview: true },
    ]);
  });
});

describe("outcomes across attempts", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, s));

  it("takes the latest row per policy, but an applied write stays applied", () => {
    const outcomes = outcomesByPolicy([
      { policyId: "p1", result: "failed", createdAt: at(1) },
      { policyId: "p1", result: "applied", createdAt: at(5) },
      { policyId: "p2", result: "applied", createdAt: at(2) },
      { policyId: "p2", result: "skipped", createdAt: at(6) }, // the retry found it already excluded
      { policyId: "p3", result: "pending", createdAt: at(3) },
      { policyId: "p4", result: "failed", createdAt: at(4) },
    ]);
    expect([...outcomes.entries()].sort()).toEqual([
      ["p1", "applied"],
      ["p2", "applied"],
      ["p3", "pending"],
      ["p4", "failed"],
    ]);
    expect(countOutcomes(outcomes)).toEqual({ applied: 2, skipped: 0, failed: 1, pending: 1 });
  });

  it("counts a create (no policy id yet) as one policy by its name, the key its item has", () => {
    const target: FixTarget = {
      action: "create-service-account-policy",
      accountObjectId: "eeeeeeee-5555-4555-8555-eeeeeeeeeeee",
      accountUpn: "svc@msp.example",
      dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: "Portal service account" },
    };
    // v1.0 refused "every time", the /beta attempt created it: two rows of one policy.
    const outcomes = outcomesByPolicy([
      { policyId: null, policyName: "Portal service account", result: "failed", createdAt: at(1) },
      { policyId: null, policyName: "Portal service account", result: "applied", createdAt: at(2) },
    ]);
    expect(countOutcomes(outcomes)).toEqual({ applied: 1, skipped: 0, failed: 0, pending: 0 });
    expect(outcomes.get(itemKey({ policyId: null }, target))).toBe("applied");
    // An exclusion's item is keyed by its policy id, whatever the target.
    expect(itemKey({ policyId: "p1" }, target)).toBe("p1");
    expect(itemKey({ policyId: "p1" }, { action: "exclude-service-provider", partnerTenantId: "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa" })).toBe("p1");
  });
});

describe("the run's summary", () => {
  it("names the tenants not done and the ones that failed", () => {
    expect(runSummary({ cancelled: true, cancelledBy: "op@msp", notDone: ["Contoso", "Fabrikam"], failed: ["Tailspin"] })).toBe(
      "Cancelled by op@msp; 2 tenant(s) not done: Contoso, Fabrikam. 1 tenant(s) failed: Tailspin.",
    );
    expect(runSummary({ cancelled: false, cancelledBy: null, notDone: [], failed: [] })).toBeNull();
    const many = Array.from({ length: 25 }, (_, i) => `T${i}`);
    expect(runSummary({ cancelled: false, cancelledBy: null, notDone: [], failed: many })).toMatch(/25 tenant\(s\) failed: T0, .*T19 and 5 more\.$/);
  });

  it("names tenants not done even when nobody cancelled the run (a completed run must not read as all done)", () => {
    expect(runSummary({ cancelled: false, cancelledBy: null, notDone: ["Contoso"], failed: ["Tailspin"] })).toBe(
      "1 tenant(s) not done: Contoso. 1 tenant(s) failed: Tailspin.",
    );
  });
});
