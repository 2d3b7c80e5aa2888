// What a preview was based on, in one string the browser carries back to apply. Apply computes the
// same fingerprint from the policy it re-reads; any difference means the person confirmed
// something that is no longer what would be sent, so apply re-plans and shows that instead of writing.
import { createHash } from "node:crypto";
import { toPolicy, type ExclusionPlan } from "../ca";

/** Parts of a fingerprint; the string form is `m=<modifiedDateTime>;s=<state>;u=<hash>;p=<hash>`. */
export interface FingerprintParts {
  /** modifiedDateTime as Graph returned it ("" when null: a policy never modified since creation). */
  modified: string;
  state: string;
  /** SHA-256 (shortened) of the users condition as lib/ca reads it (null vs absent settled). */
  users: string;
  /** SHA-256 (shortened) of the plan's outcome and exact request body. */
  plan: string;
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }) ?? "null"
  );
}

export function shortHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

function usersConditionOf(policy: Record<string, unknown>): unknown {
  try {
    return { read: toPolicy(policy).conditions.users };
  } catch {
    // Unreadable policies still get a fingerprint: of the raw users condition.
    const conditions = policy.conditions;
    return { raw: typeof conditions === "object" && conditions !== null ? ((conditions as Record<string, unknown>).users ?? null) : null };
  }
}

export function fingerprintParts(policy: Record<string, unknown>, plan: ExclusionPlan | null): FingerprintParts {
  const modified = typeof policy.modifiedDateTime === "string" ? policy.modifiedDateTime : "";
  const state = typeof policy.state === "string" ? policy.state : "";
  return {
    modified,
    state,
    users: shortHash(usersConditionOf(policy)),
    plan: shortHash(plan === null ? { unreadable: true } : { outcome: plan.outcome, body: plan.body }),
  };
}

export function formatFingerprint(parts: FingerprintParts): string {
  return `m=${parts.modified};s=${parts.state};u=${parts.users};p=${parts.plan}`;
}

export function policyFingerprint(policy: Record<string, unknown>, plan: ExclusionPlan | null): string {
  return formatFingerprint(fingerprintParts(policy, plan));
}

export function parseFingerprint(value: string): FingerprintParts | null {
  const match = /^m=([^;]*);s=([^;]*);u=([0-9a-f]{16});p=([0-9a-f]{16})$/.exec(value);
  if (!match) return null;
  const [, modified = "", state = "", users = "", plan = ""] = match;
  return { modified, state, users, plan };
}

/**
 * What differs between the fingerprint a preview showed and the live policy's, in words; empty
 * when nothing does.
 */
export function fingerprintChanges(expected: string, current: FingerprintParts): string[] {
  const before = parseFingerprint(expected);
  if (before === null) return ["the preview's fingerprint is missing or not recognised, so the preview cannot be trusted"];
  const changes: string[] = [];
  if (before.modified !== current.modified) {
    changes.push(
      `the policy was modified at ${current.modified || "an unknown time"} (the preview saw ${before.modified ? `the version of ${before.modified}` : "a never-modified version"})`,
    );
  }
  if (before.state !== current.state) changes.push(`its state changed from ${before.state || "(none)"} to ${current.state || "(none)"}`);
  if (before.users !== current.users) changes.push("its users condition changed");
  if (before.plan !== current.plan) changes.push("the planned request differs from the one previewed");
  return changes;
}
