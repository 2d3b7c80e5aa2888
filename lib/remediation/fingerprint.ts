// What a preview was based on, in one string stored with the preview. Apply computes the same
// fingerprint from what it re-reads; any difference means the person confirmed something that is no
// longer what would be sent, so apply re-plans and shows that instead of writing.
import { createHash } from "node:crypto";
import { toPolicy } from "../ca";
import { isDedicatedPolicyAction, type RemediationAction } from "./actions";
import type { PlannedItem } from "./plan";

/** Parts of a fingerprint; the string form is `m=<modifiedDateTime>;s=<state>;u=<hash>;p=<hash>`. */
export interface FingerprintParts {
  /** modifiedDateTime as Graph returned it ("" when null: never modified, or no policy at all). */
  modified: string;
  state: string;
  /** SHA-256 (shortened) of what the plan depends on: the users condition for an exclusion, the whole policy for the dedicated one. */
  users: string;
  /** SHA-256 (shortened) of the plan's outcome and exact request. */
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

/** The policy without what Graph changes on its own (annotations, dates). */
function settingsOf(policy: Record<string, unknown>): unknown {
  const { modifiedDateTime: _m, createdDateTime: _c, ...rest } = policy;
  return Object.fromEntries(Object.entries(rest).filter(([key]) => !key.includes("@")));
}

export function fingerprintParts(action: RemediationAction, policy: Record<string, unknown> | null, planned: PlannedItem | null): FingerprintParts {
  const modified = typeof policy?.modifiedDateTime === "string" ? policy.modifiedDateTime : "";
  const state = typeof policy?.state === "string" ? policy.state : "";
  // A rollback depends on the whole policy (it restores only what is exactly as the run left it).
  const subject =
    policy === null ? { absent: true } : isDedicatedPolicyAction(action) || action === "restore-before" ? settingsOf(policy) : usersConditionOf(policy);
  return {
    modified,
    state,
    users: shortHash(subject),
    plan: shortHash(
      planned === null ? { unreadable: true } : { outcome: planned.outcome, body: planned.request?.body ?? null, path: planned.request?.path ?? null },
    ),
  };
}

export function formatFingerprint(parts: FingerprintParts): string {
  return `m=${parts.modified};s=${parts.state};u=${parts.users};p=${parts.plan}`;
}

export function itemFingerprint(action: RemediationAction, policy: Record<string, unknown> | null, planned: PlannedItem | null): string {
  return formatFingerprint(fingerprintParts(action, policy, planned));
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
export function fingerprintChanges(action: RemediationAction, expected: string, current: FingerprintParts): string[] {
  const before = parseFingerprint(expected);
  if (before === null) return ["the preview's fingerprint is missing or not recognised, so the preview cannot be trusted"];
  const changes: string[] = [];
  if (before.modified !== current.modified) {
    changes.push(
      `the policy was modified at ${current.modified || "an unknown time"} (the preview saw ${before.modified ? `the version of ${before.modified}` : "a never-modified version"})`,
    );
  }
  if (before.state !== current.state) changes.push(`its state changed from ${before.state || "(none)"} to ${current.state || "(none)"}`);
  if (before.users !== current.users) changes.push(isDedicatedPolicyAction(action) ? "the policy's settings changed" : "its users condition changed");
  if (before.plan !== current.plan) changes.push("the planned request differs from the one previewed");
  return changes;
}
