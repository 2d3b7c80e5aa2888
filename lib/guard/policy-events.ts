// The guard's diff of a tenant's policies: what the portal knew (each policy's latest version) against
// what Graph just listed, as new versions to record and events. Pure: the caller reads and writes.
// Whether the MSP is excluded or reached comes from lib/ca's assessment, the same one the fix plans with.
import { assessServiceProvider, toPolicy, type ServiceProviderAssessment } from "../ca";
import { changedProperties } from "./changed-properties";
import { contentHash, DELETED } from "./content";
import { EVENT_TYPES, type EventType } from "./event-types";

export interface KnownVersion {
  id: string;
  policyId: string;
  displayName: string;
  contentHash: string;
  /** null for a tombstone, and for a version the new read repeats (record.ts reads no content it does not need). */
  policy: unknown;
}

export interface ListedPolicy {
  id: string;
  displayName?: unknown;
  state?: unknown;
  [key: string]: unknown;
}

/** A version to append; `key` ties events to it before it has an id. */
export interface NewVersion {
  key: string;
  policyId: string;
  displayName: string;
  state: string | null;
  policy: ListedPolicy | null;
  contentHash: string;
}

export interface DetectedEvent {
  type: EventType;
  policyId: string;
  policyName: string;
  properties: string[];
  summary: string;
  detail: Record<string, unknown> | null;
  beforeVersionId: string | null;
  /** The NewVersion.key of the version this event produced. */
  afterKey: string | null;
}

export interface PolicyDiff {
  versions: NewVersion[];
  events: DetectedEvent[];
}

const STATE_WORDS: Record<string, string> = { enabled: "on", disabled: "off", enabledForReportingButNotEnforced: "report-only" };
const stateWords = (s: unknown) => STATE_WORDS[String(s)] ?? String(s);

function assess(policy: unknown, partnerTenantId: string | null): ServiceProviderAssessment | null {
  if (partnerTenantId === null) return null; // without the partner tenant nothing can be said about the MSP
  try {
    return assessServiceProvider(policy, partnerTenantId);
  } catch {
    return null; // a policy lib/ca cannot read: its changes are still recorded, but no MSP-specific event
  }
}

/**
 * `partnerTenantId`: null when it is not configured (then only created, deleted, changed and enabled).
 * `known`: the latest version of every policy the portal has seen in this tenant (tombstones included);
 * empty on the first read of a tenant, which records a baseline without events (nothing "changed").
 */
export function diffPolicies(
  known: readonly KnownVersion[],
  listed: readonly ListedPolicy[],
  partnerTenantId: string | null,
  /** The caller's hashes of `listed`, when it has them already (lib/guard/record.ts). */
  hashOf: (policy: ListedPolicy) => string = contentHash,
): PolicyDiff {
  const latest = new Map(known.map((v) => [v.policyId, v]));
  const baseline = known.length === 0;
  const versions: NewVersion[] = [];
  const events: DetectedEvent[] = [];
  const seen = new Set<string>();

  for (const policy of listed) {
    seen.add(policy.id);
    const name = String(policy.displayName ?? policy.id);
    const hash = hashOf(policy);
    const previous = latest.get(policy.id);
    if (previous && previous.contentHash === hash) continue;
    const key = `v${versions.length}`;
    versions.push({ key, policyId: policy.id, displayName: name, state: typeof policy.state === "string" ? policy.state : null, policy, contentHash: hash });
    if (baseline) continue;
    const before = previous && previous.contentHash !== DELETED ? previous.policy : null;
    const event = (type: EventType, summary: string, properties: string[] = [], detail: Record<string, unknown> | null = null): DetectedEvent => ({
      type,
      policyId: policy.id,
      policyName: name,
      properties,
      summary,
      detail,
      beforeVersionId: previous?.id ?? null,
      afterKey: key,
    });
    const now = assess(policy, partnerTenantId);
    if (before === null) {
      events.push(event(EVENT_TYPES.policyCreated, `"${name}" was created (${stateWords(policy.state)}).`, [], { state: policy.state ?? null }));
      if (now?.applies) events.push(event(EVENT_TYPES.reachesMsp, `"${name}" applies to the MSP's technicians: ${now.reason}`));
      continue;
    }
    const properties = changedProperties(before, policy);
    events.push(event(EVENT_TYPES.policyChanged, `"${name}" changed: ${properties.join(", ")}.`, properties));
    const then = assess(before, partnerTenantId);
    if (then && now) {
      const lostExclusion = then.excluded && !now.excluded;
      if (lostExclusion) {
        const removed = exclusionOf(policy) === null;
        events.push(
          event(
            removed ? EVENT_TYPES.exclusionRemoved : EVENT_TYPES.exclusionNarrowed,
            removed
              ? `"${name}" no longer excludes the MSP's service providers: the exclusion was removed${now.applies ? "; the policy now applies to them" : ""}.`
              : `"${name}" no longer excludes the MSP's service providers: the exclusion was narrowed${now.applies ? "; the policy now applies to them" : ""}.`,
            ["conditions.users.excludeGuestsOrExternalUsers"],
            { applies: now.applies, reason: now.reason },
          ),
        );
      } else if (!then.applies && now.applies) {
        events.push(event(EVENT_TYPES.reachesMsp, `"${name}" now applies to the MSP's technicians: ${now.reason}`, properties));
      }
    }
    const wasState = (before as { state?: unknown }).state;
    if (policy.state === "enabled" && wasState !== "enabled") {
      events.push(
        event(EVENT_TYPES.policyEnabled, `"${name}" was switched on (it was ${stateWords(wasState)}).`, ["state"], { from: wasState ?? null, to: "enabled" }),
      );
    }
  }

  for (const previous of known) {
    if (seen.has(previous.policyId) || previous.contentHash === DELETED) continue;
    const key = `v${versions.length}`;
    versions.push({ key, policyId: previous.policyId, displayName: previous.displayName, state: null, policy: null, contentHash: DELETED });
    events.push({
      type: EVENT_TYPES.policyDeleted,
      policyId: previous.policyId,
      policyName: previous.displayName,
      properties: [],
      summary: `"${previous.displayName}" was deleted.`,
      detail: null,
      beforeVersionId: previous.id,
      afterKey: key,
    });
  }
  return { versions, events };
}

/** The exclude side's guests-or-external-users scope, as lib/ca reads it (null when there is none). */
function exclusionOf(policy: unknown): unknown {
  return toPolicy(policy).conditions.users?.excludeGuestsOrExternalUsers ?? null;
}
