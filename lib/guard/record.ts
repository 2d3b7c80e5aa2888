// Appends what a read of a tenant's policies shows to the timeline: new versions and the events
// between the portal's last knowledge and now. Runs inside the snapshot writer's transaction
// (lib/snapshots/store.ts), so every read that refreshes the pages (a sync, a sweep, the engine's
// read after its writes) records the timeline too, and the "latest" table never runs ahead of it.
import type { Prisma } from "../db/generated/client";
import { contentHash, DELETED } from "./content";
import type { Observation } from "./event-types";
import { partnerPolicyEvents, type PartnerFacts } from "./partner-events";
import { diffPolicies, type KnownVersion, type ListedPolicy } from "./policy-events";

/** "MSPG": the namespace of the per-tenant timeline lock (beside "MSPR" and "MSPC"). */
export const TIMELINE_LOCK_NAMESPACE = 0x4d535047;

export interface RecordedTimeline {
  versions: number;
  events: number;
}

/**
 * The latest version of every policy the portal has seen in the tenant (tombstones included). The
 * content (`policy`) is read only for versions `listed` does not repeat as they are: the diff needs
 * the content before a change or a deletion, and most reads change nothing (DISTINCT ON reads one
 * row per policy from the (tenantId, policyId, firstSeenAt) index; Prisma's `distinct` would read
 * every version ever recorded and keep the latest in JavaScript).
 */
export async function latestVersions(
  tx: Prisma.TransactionClient,
  tenantId: string,
  listed: readonly ListedPolicy[],
  hashOf: (policy: ListedPolicy) => string = contentHash,
): Promise<KnownVersion[]> {
  const latest = await tx.$queryRaw<Omit<KnownVersion, "policy">[]>`
    select distinct on ("policyId") id::text, "policyId", "displayName", "contentHash"
    from "PolicyVersion" where "tenantId" = ${tenantId}::uuid
    order by "policyId", "firstSeenAt" desc, id desc`;
  const hashNow = new Map(listed.map((p) => [p.id, hashOf(p)]));
  const needed = latest.filter((v) => v.contentHash !== DELETED && hashNow.get(v.policyId) !== v.contentHash).map((v) => v.id);
  const contents = needed.length === 0 ? [] : await tx.policyVersion.findMany({ where: { id: { in: needed } }, select: { id: true, policy: true } });
  const content = new Map(contents.map((c) => [c.id, c.policy]));
  return latest.map((v) => ({ ...v, policy: content.get(v.id) ?? null }));
}

export async function recordTimeline(
  tx: Prisma.TransactionClient,
  tenantId: string,
  policies: readonly ListedPolicy[],
  partnerTenantId: string | null,
  observation: Observation,
  now: Date,
  /** Given for the MSP's own tenant: its events are about the service account, not service providers. */
  partner?: PartnerFacts,
): Promise<RecordedTimeline> {
  // Two reads of one tenant at once (a sweep and a fix) must not both append the same version.
  await tx.$executeRaw`select pg_advisory_xact_lock(${TIMELINE_LOCK_NAMESPACE}::int4, hashtext(${tenantId}::text))`;
  // Each listed policy hashed once, for both the read of what is known and the diff.
  const hashes = new Map(policies.map((p) => [p, contentHash(p)]));
  const hashOf = (p: ListedPolicy) => hashes.get(p) ?? contentHash(p);
  const known = await latestVersions(tx, tenantId, policies, hashOf);
  const diff = diffPolicies(known, policies, partner ? null : partnerTenantId, hashOf);
  if (partner) diff.events.push(...partnerPolicyEvents(known, policies, diff, partner));
  const origin = { seenBy: observation.seenBy, sweepId: observation.sweepId ?? null, runId: observation.runId ?? null };
  // One timestamp per version, a millisecond apart, so "latest" is well ordered even within one read;
  // all in one statement, each new row's id found again by its timestamp.
  const firstSeen = (i: number) => new Date(now.getTime() + i);
  const created =
    diff.versions.length === 0
      ? []
      : await tx.policyVersion.createManyAndReturn({
          data: diff.versions.map((v, i) => ({
            tenantId,
            policyId: v.policyId,
            displayName: v.displayName,
            state: v.state,
            policy: (v.policy ?? undefined) as Prisma.InputJsonValue | undefined,
            contentHash: v.contentHash,
            modifiedDateTime: parseDate(v.policy?.modifiedDateTime),
            firstSeenAt: firstSeen(i),
            ...origin,
          })),
          select: { id: true, firstSeenAt: true },
        });
  const idAt = new Map(created.map((row) => [row.firstSeenAt.getTime(), row.id]));
  const ids = new Map(diff.versions.map((v, i) => [v.key, idAt.get(firstSeen(i).getTime())]));
  if (diff.events.length > 0) {
    await tx.guardEvent.createMany({
      data: diff.events.map((e) => ({
        type: e.type,
        tenantId,
        policyId: e.policyId,
        policyName: e.policyName,
        properties: e.properties,
        summary: e.summary,
        detail: (e.detail ?? undefined) as Prisma.InputJsonValue | undefined,
        beforeVersionId: e.beforeVersionId,
        afterVersionId: e.afterKey ? (ids.get(e.afterKey) ?? null) : null,
        detectedAt: now,
        ...origin,
      })),
    });
  }
  return { versions: diff.versions.length, events: diff.events.length };
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
