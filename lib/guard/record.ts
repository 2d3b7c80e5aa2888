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
 * The latest version of every policy the portal has seen in the tenant (tombstones included), in one
 * statement. The content (`policy`) is read only for versions `listed` does not repeat as they are:
 * the diff needs the content before a change or a deletion, and most reads change nothing (DISTINCT
 * ON reads one row per policy from the (tenantId, policyId, firstSeenAt) index; Prisma's `distinct`
 * would read every version ever recorded and keep the latest in JavaScript).
 */
export async function latestVersions(
  tx: Prisma.TransactionClient,
  tenantId: string,
  listed: readonly ListedPolicy[],
  hashOf: (policy: ListedPolicy) => string = contentHash,
): Promise<KnownVersion[]> {
  const hashNow = new Map(listed.map((p) => [p.id, hashOf(p)])); // should a read name a policy twice, the last counts
  return tx.$queryRaw<KnownVersion[]>`
    with latest as (
      select distinct on ("policyId") id, "policyId", "displayName", "contentHash"
      from "PolicyVersion" where "tenantId" = ${tenantId}::uuid
      order by "policyId", "firstSeenAt" desc, id desc
    ), now_listed as (
      select * from unnest(${[...hashNow.keys()]}::text[], ${[...hashNow.values()]}::text[]) as n("policyId", "contentHash")
    )
    select l.id::text, l."policyId", l."displayName", l."contentHash", v.policy
    from latest as l
    left join now_listed as n on n."policyId" = l."policyId"
    left join "PolicyVersion" as v on v.id = l.id and l."contentHash" <> ${DELETED} and l."contentHash" is distinct from n."contentHash"`;
}

/**
 * Takes the tenant's timeline lock for the transaction (two reads of one tenant at once, a sweep and
 * a fix, must not both append the same version) and says, in the same statement, whether the tenant
 * is one of the portal's customers (the snapshot writer stores only theirs).
 */
export async function lockTimeline(tx: Prisma.TransactionClient, tenantId: string): Promise<{ customer: boolean }> {
  const rows = await tx.$queryRaw<{ customer: boolean }[]>`
    select exists (select 1 from "CustomerTenant" where id = ${tenantId}::uuid) as customer
    from (select pg_advisory_xact_lock(${TIMELINE_LOCK_NAMESPACE}::int4, hashtext(${tenantId}::text))) as locked`;
  return { customer: rows[0]?.customer === true };
}

/** Appends the read to the timeline; the caller holds lockTimeline's lock in `tx`. */
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
