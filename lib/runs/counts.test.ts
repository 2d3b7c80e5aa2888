import { describe, expect, it } from "vitest";
import type { FixPreviewPolicy } from "../fixes/preview-view";
import { countOutcomes, itemsForTenant, outcomesByPolicy, previewCounts } from "./counts";
import { runSummary } from "./finish-run";

const request = { method: "PATCH" as const, path: "/identity/conditionalAccess/policies/x", body: {} };

function policy(policyId: string, kind: "patch" | "review" | "review-no-request" | "skip"): FixPreviewPolicy {
  return {
    policyId,
    name: policyId,
    state: "enabled",
    outcome: kind === "patch" ? "patch" : kind === "skip" ? "already-excluded" : "needs-review",
    reason: "",
    warnings: [],
    users: { before: null, after: null, changed: [], describedBefore: [], describedAfter: [] },
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
    expect(itemsForTenant(preview, new Set(["c"]), false).map((i) => i.policyId)).toEqual(["a"]);
    expect(itemsForTenant(preview, new Set(["c"]), true)).toEqual([
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
      { policyId: null, result: "failed", createdAt: at(4) },
    ]);
    expect([...outcomes.entries()].sort()).toEqual([
      ["p1", "applied"],
      ["p2", "applied"],
      ["p3", "pending"],
      ["p4", "failed"],
    ]);
    expect(countOutcomes(outcomes)).toEqual({ applied: 2, skipped: 0, failed: 1, pending: 1 });
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
