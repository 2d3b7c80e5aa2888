// The one writer of policy snapshots, used by the sync job, the guard's sweep and the remediation
// engine after its verification read: it replaces a customer tenant's snapshots with what Graph just
// returned, refreshes the tenant's counts, so the tenants grid is right after a fix as after a sync,
// and appends what changed to the policy timeline (lib/guard) in the same transaction.
import { planServiceProviderExclusion } from "../ca";
import { Prisma, type PrismaClient } from "../db/generated/client";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import type { Observation } from "../guard/event-types";
import { lockTimeline, planTimeline, timelineClauses, type RecordedTimeline, type TimelineWrites } from "../guard/record";

export interface PolicyCounts {
  policyCount: number;
  needsFixCount: number;
  needsReviewCount: number;
}

/**
 * What the service-provider fix would do to these policies (pure). Disabled policies block nobody
 * and a fix leaves them alone by default, so they are not counted as needing anything.
 */
export function countPlans(policies: readonly unknown[], partnerTenantId: string): PolicyCounts {
  let needsFixCount = 0;
  let needsReviewCount = 0;
  for (const p of policies) {
    if ((p as { state?: unknown } | null)?.state === "disabled") continue;
    try {
      const plan = planServiceProviderExclusion(p, partnerTenantId);
      if (plan.outcome === "patch") needsFixCount++;
      if (plan.outcome === "needs-review") needsReviewCount++;
    } catch {
      needsReviewCount++; // a policy the engine cannot read needs a person
    }
  }
  return { policyCount: policies.length, needsFixCount, needsReviewCount };
}

export type StoreResult = ({ stored: number; timeline: RecordedTimeline } & Partial<PolicyCounts>) | { skipped: string };

/**
 * Replaces the tenant's snapshots. Counts are refreshed when the partner tenant id is known;
 * a tenant that is not a customer (the MSP's own) has no snapshots and is skipped.
 */
export async function storeSnapshots(
  prisma: PrismaClient,
  tenantId: string,
  policies: readonly GraphPolicy[],
  partnerTenantId: string | null,
  observation: Observation,
  now = new Date(),
): Promise<StoreResult> {
  const counts = partnerTenantId ? countPlans(policies, partnerTenantId) : null;
  // One row per policy id (should a list name one twice, the last wins, as one upsert after another did).
  const rows = [...new Map(policies.map((p) => [p.id, snapshotRow(p)])).values()];
  const timeline = await prisma.$transaction(
    async (tx) => {
      if (!(await lockTimeline(tx, tenantId)).customer) return null;
      const writes = await planTimeline(tx, { tenantId, policies, partnerTenantId, observation, now });
      await replaceSnapshots(tx, tenantId, rows, counts, now, writes);
      return writes.recorded;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  if (timeline === null) return { skipped: "the tenant is not in the portal's tenant list (sync it first), so there are no snapshots to update" };
  return { stored: policies.length, timeline, ...(counts ?? {}) };
}

/**
 * The tenant's snapshots replaced, its counts set and the read's timeline rows added (versions,
 * events) in one statement: policies gone from the read deleted, every policy of the read upserted,
 * not one upsert each. A sync at 10,000 tenants, every sweep and every engine's read after its
 * writes store whole tenants, and the round trips were most of what the worker spent on Postgres. The delete and the upsert touch different rows (not listed,
 * listed), as data-modifying WITH clauses must. Times go in as UTC text into `timestamp(3)`, as
 * Prisma keeps them; `updatedAt` is set here because Prisma's @updatedAt does not apply to raw SQL.
 * A policy the read finds as stored is not written again (jsonb equality: the same content, whatever
 * the order of its keys; the other columns are read from it): the guard reads every tenant every few
 * minutes and most policies never change, and each rewrite of the same content was a new row
 * version, its WAL and a dead row to vacuum.
 */
async function replaceSnapshots(
  tx: Prisma.TransactionClient,
  tenantId: string,
  rows: ReturnType<typeof snapshotRow>[],
  counts: PolicyCounts | null,
  now: Date,
  timeline: TimelineWrites,
) {
  const clauses = [
    ...timelineClauses(tenantId, timeline),
    Prisma.sql`listed as (
      select r."policyId", r."displayName", r."state", r."policy", r."modifiedDateTime"::timestamp(3) as "modifiedDateTime"
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("policyId" text, "displayName" text, "state" text, "policy" jsonb, "modifiedDateTime" text)
    )`,
    Prisma.sql`gone as (
      delete from "PolicySnapshot" where "tenantId" = ${tenantId}::uuid and "policyId" not in (select "policyId" from listed)
    )`,
    Prisma.sql`counted as (
      update "CustomerTenant" set "policyCount" = ${counts?.policyCount ?? null}::int, "needsFixCount" = ${counts?.needsFixCount ?? null}::int,
        "needsReviewCount" = ${counts?.needsReviewCount ?? null}::int, "updatedAt" = ${new Date().toISOString()}::timestamp(3)
      where id = ${tenantId}::uuid and ${counts !== null}::boolean
    )`,
  ];
  await tx.$executeRaw`with ${Prisma.join(clauses, ", ")}
    insert into "PolicySnapshot" ("tenantId", "policyId", "displayName", "state", "policy", "modifiedDateTime", "storedAt")
    select ${tenantId}::uuid, "policyId", "displayName", "state", "policy", "modifiedDateTime", ${now.toISOString()}::timestamp(3) from listed
    on conflict ("tenantId", "policyId") do update set
      "displayName" = excluded."displayName", "state" = excluded."state", "policy" = excluded."policy",
      "modifiedDateTime" = excluded."modifiedDateTime", "storedAt" = excluded."storedAt"
    where "PolicySnapshot"."policy" is distinct from excluded."policy"`;
}

function snapshotRow(p: GraphPolicy) {
  return {
    policyId: p.id,
    displayName: String(p.displayName ?? p.id),
    state: String(p.state ?? "unknown"),
    policy: p,
    modifiedDateTime: parseDate(p.modifiedDateTime)?.toISOString() ?? null,
  };
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
