// The guard's events in the MSP's own tenant, on top of the generic ones (created, changed, deleted,
// switched on): the service account's dedicated policy changed, switched off or deleted; a policy that
// excluded the account no longer does; a new policy that may apply to the account. Whether a policy
// excludes or may reach the account comes from lib/ca's planServiceAccountExclusion, the same plan the
// partner page fixes with, and the dedicated policy's drift from serviceAccountPolicyDrift. Pure.
import { findDedicatedPolicy, planServiceAccountExclusion, serviceAccountPolicyDrift } from "../ca";
import { EVENT_TYPES } from "./event-types";
import type { DetectedEvent, KnownVersion, ListedPolicy, PolicyDiff } from "./policy-events";

export interface PartnerFacts {
  /** The service account's object id and UPN (null: none chosen yet, so only the dedicated policy is watched). */
  accountId: string | null;
  accountUpn: string | null;
  dedicatedPolicyId: string | null;
  dedicatedPolicyName: string;
}

type Reach = "excluded" | "may-apply" | "not-applicable" | "unreadable";

function reachOf(policy: unknown, accountId: string): Reach {
  try {
    const outcome = planServiceAccountExclusion(policy, accountId).outcome;
    if (outcome === "already-excluded") return "excluded";
    return outcome === "not-applicable" ? "not-applicable" : "may-apply";
  } catch {
    return "unreadable"; // a policy lib/ca cannot read: its change is still recorded as a generic event
  }
}

const STATE_WORDS: Record<string, string> = { disabled: "switched off", enabledForReportingButNotEnforced: "switched to report-only" };

/** The partner events among `diff`'s new versions (none on the first read: that is the baseline). */
export function partnerPolicyEvents(known: readonly KnownVersion[], listed: readonly ListedPolicy[], diff: PolicyDiff, facts: PartnerFacts): DetectedEvent[] {
  if (known.length === 0) return [];
  const before = new Map(known.map((v) => [v.policyId, v]));
  const named = listed.map((p) => ({ id: p.id, displayName: String(p.displayName ?? ""), createdDateTime: p.createdDateTime }));
  const dedicatedId = findDedicatedPolicy(named, facts)?.policy.id ?? facts.dedicatedPolicyId;
  const account = facts.accountId ? `the service account ${facts.accountUpn ?? facts.accountId}` : null;
  const events: DetectedEvent[] = [];

  for (const v of diff.versions) {
    const previous = before.get(v.policyId);
    const was = previous && previous.policy !== null ? previous.policy : null;
    const event = (type: DetectedEvent["type"], summary: string, properties: string[], detail: Record<string, unknown> | null = null): DetectedEvent => ({
      type,
      policyId: v.policyId,
      policyName: v.displayName,
      properties,
      summary,
      detail,
      beforeVersionId: previous?.id ?? null,
      afterKey: v.key,
    });
    const changed = diff.events.find((e) => e.afterKey === v.key && e.type === EVENT_TYPES.policyChanged)?.properties ?? [];

    if (v.policyId === dedicatedId && was !== null) {
      if (v.policy === null) {
        events.push(
          event(
            EVENT_TYPES.partnerDedicatedChanged,
            `The service account's dedicated policy "${v.displayName}" was deleted: the account signs in without it.`,
            [],
          ),
        );
        continue;
      }
      const state = STATE_WORDS[String(v.policy.state)];
      let drift: string[] = [];
      try {
        drift = facts.accountId ? serviceAccountPolicyDrift(v.policy, { accountId: facts.accountId }) : [];
      } catch (error) {
        drift = [`The policy could not be read: ${error instanceof Error ? error.message : String(error)}`];
      }
      const parts = [`The service account's dedicated policy "${v.displayName}" changed${changed.length > 0 ? ` (${changed.join(", ")})` : ""}`];
      if (state) parts.push(`it was ${state}`);
      if (drift.length > 0) parts.push(`it no longer is what it must be: ${drift.join(" ")}`);
      events.push(event(EVENT_TYPES.partnerDedicatedChanged, `${parts.join("; ")}.`, changed, { state: v.policy.state ?? null, drift }));
      continue;
    }
    if (!facts.accountId || v.policy === null || v.policyId === dedicatedId) continue;
    const now = reachOf(v.policy, facts.accountId);
    if (now !== "may-apply") continue;
    if (was === null) {
      events.push(
        event(
          EVENT_TYPES.partnerPolicyCoversAccount,
          `The new policy "${v.displayName}" may apply to ${account}; exclude the account from it on the Partner tenant page.`,
          [],
        ),
      );
    } else if (reachOf(was, facts.accountId) === "excluded") {
      events.push(
        event(
          EVENT_TYPES.partnerAccountExposed,
          `"${v.displayName}" no longer excludes ${account} and may apply to it; exclude the account again on the Partner tenant page.`,
          ["conditions.users.excludeUsers"],
        ),
      );
    }
  }
  return events;
}
