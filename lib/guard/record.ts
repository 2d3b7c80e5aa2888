// Appends what a read of a tenant's policies shows to the timeline: new versions and the events
// between the portal's last knowledge and now. Runs inside the snapshot writer's transaction
// (lib/snapshots/store.ts), so every read that refreshes the pages (a sync, a sweep, the engine's
// read after its writes) records the timeline too, and the "latest" table never runs ahead of it.
import { randomUUID } from "node:crypto";
import { Prisma } from "../db/generated/client";
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
 * statement (Prisma's `distinct` would send every version ever recorded and keep the latest in
 * JavaScript). The content (`policy`) is read only for versions `listed` does not repeat as they
 * are: the diff needs the content before a change or a deletion, and most reads change nothing. It
 * is read by a subquery inside CASE, which runs only when its branch is taken (a join with that
 * condition fetched every latest version's row, content included, and then dropped it).
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
    select l.id::text, l."policyId", l."displayName", l."contentHash",
      case when l."contentHash" <> ${DELETED} and l."contentHash" is distinct from n."contentHash"
        then (select v.policy from "PolicyVersion" as v where v.id = l.id) end as policy
    from latest as l
    left join now_listed as n on n."policyId" = l."policyId"`;
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

/** The timeline's new rows for one read, and how many; written by `timelineClauses` in the caller's statement. */
export interface TimelineWrites {
  recorded: RecordedTimeline;
  versions: {
    id: string;
    policyId: string;
    displayName: string;
    state: string | null;
    policy: unknown;
    contentHash: string;
    modifiedDateTime: string | null;
    firstSeenAt: string;
  }[];
  events: {
    type: string;
    policyId: string | null;
    policyName: string | null;
    properties: string[];
    summary: string;
    detail: unknown;
    beforeVersionId: string | null;
    afterVersionId: string | null;
  }[];
  origin: { seenBy: string; sweepId: string | null; runId: string | null; detectedAt: string };
}

/** One read of a tenant's policies, as the timeline records it. */
export interface TimelineRead {
  tenantId: string;
  policies: readonly ListedPolicy[];
  partnerTenantId: string | null;
  observation: Observation;
  now: Date;
  /** Given for the MSP's own tenant: its events are about the service account, not service providers. */
  partner?: PartnerFacts;
}

/** What the read adds to the timeline (reads the latest versions); the caller holds lockTimeline's lock in `tx`. */
export async function planTimeline(tx: Prisma.TransactionClient, read: TimelineRead): Promise<TimelineWrites> {
  const { tenantId, policies, partnerTenantId, observation, now, partner } = read;
  // Each listed policy hashed once, for both the read of what is known and the diff.
  const hashes = new Map(policies.map((p) => [p, contentHash(p)]));
  const hashOf = (p: ListedPolicy) => hashes.get(p) ?? contentHash(p);
  const known = await latestVersions(tx, tenantId, policies, hashOf);
  const diff = diffPolicies(known, policies, partner ? null : partnerTenantId, hashOf);
  if (partner) diff.events.push(...partnerPolicyEvents(known, policies, diff, partner));
  // Ids made here, so the events can name their versions in the same statement. One timestamp per
  // version, a millisecond apart, so "latest" is well ordered even within one read.
  const versions = diff.versions.map((v, i) => ({
    key: v.key,
    id: randomUUID(),
    policyId: v.policyId,
    displayName: v.displayName,
    state: v.state,
    policy: v.policy ?? null,
    contentHash: v.contentHash,
    modifiedDateTime: parseDate(v.policy?.modifiedDateTime)?.toISOString() ?? null,
    firstSeenAt: new Date(now.getTime() + i).toISOString(),
  }));
  const ids = new Map(versions.map((v) => [v.key, v.id]));
  return {
    recorded: { versions: versions.length, events: diff.events.length },
    versions: versions.map(({ key: _key, ...row }) => row),
    events: diff.events.map((e) => ({
      type: e.type,
      policyId: e.policyId,
      policyName: e.policyName,
      properties: e.properties,
      summary: e.summary,
      detail: e.detail ?? null,
      beforeVersionId: e.beforeVersionId,
      afterVersionId: e.afterKey ? (ids.get(e.afterKey) ?? null) : null,
    })),
    origin: { seenBy: observation.seenBy, sweepId: observation.sweepId ?? null, runId: observation.runId ?? null, detectedAt: now.toISOString() },
  };
}

/**
 * The timeline's inserts as WITH clauses (`pv as (…)`, `ev as (…)`; none when nothing changed), so
 * the snapshot writer stores the read, its versions and its events in one statement: every engine's
 * read after its writes adds a version and an event, and each statement of a bulk run's tenants is
 * paid thousands of times. Rows go in as one JSON document each; times as UTC text into
 * `timestamp(3)`, as Prisma keeps them (a JSON null becomes SQL null).
 */
export function timelineClauses(tenantId: string, writes: TimelineWrites): Prisma.Sql[] {
  const { versions, events, origin } = writes;
  const parts: Prisma.Sql[] = [];
  if (versions.length > 0) {
    parts.push(Prisma.sql`pv as (
      insert into "PolicyVersion" (id, "tenantId", "policyId", "displayName", state, policy, "contentHash", "modifiedDateTime", "firstSeenAt", "seenBy", "sweepId", "runId")
      select r.id, ${tenantId}::uuid, r."policyId", r."displayName", r.state, r.policy, r."contentHash", r."modifiedDateTime"::timestamp(3),
        r."firstSeenAt"::timestamp(3), ${origin.seenBy}, ${origin.sweepId}::uuid, ${origin.runId}::uuid
      from jsonb_to_recordset(${JSON.stringify(versions)}::jsonb) as r(id uuid, "policyId" text, "displayName" text, state text, policy jsonb,
        "contentHash" text, "modifiedDateTime" text, "firstSeenAt" text)
    )`);
  }
  if (events.length > 0) {
    parts.push(Prisma.sql`ev as (
      insert into "GuardEvent" (id, type, "tenantId", "policyId", "policyName", properties, summary, detail, "beforeVersionId", "afterVersionId", "detectedAt", "seenBy", "sweepId", "runId")
      select gen_random_uuid(), r.type, ${tenantId}::uuid, r."policyId", r."policyName", array(select jsonb_array_elements_text(r.properties)), r.summary, r.detail,
        r."beforeVersionId", r."afterVersionId", ${origin.detectedAt}::timestamp(3), ${origin.seenBy}, ${origin.sweepId}::uuid, ${origin.runId}::uuid
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as r(type text, "policyId" text, "policyName" text, properties jsonb, summary text,
        detail jsonb, "beforeVersionId" uuid, "afterVersionId" uuid)
    )`);
  }
  return parts;
}

/**
 * Appends the read to the timeline on its own (the MSP's tenant has no snapshots); the caller holds
 * lockTimeline's lock in `tx`. A data-modifying WITH clause runs whether or not the query reads it.
 */
export async function recordTimeline(tx: Prisma.TransactionClient, read: TimelineRead): Promise<RecordedTimeline> {
  const writes = await planTimeline(tx, read);
  const clauses = timelineClauses(read.tenantId, writes);
  if (clauses.length > 0) await tx.$executeRaw`with ${Prisma.join(clauses, ", ")} select 1`;
  return writes.recorded;
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
