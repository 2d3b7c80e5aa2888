// The one reader of the guard's events and versions for pages and route handlers. Every function
// takes the caller's tenant filter (`TenantFilter`: their tenant scope's ids, lib/auth/scope.ts
// scopeTenantList; null for all tenants). Returns words and plain
// values, never raw Prisma rows; policy JSON leaves only as lib/ca's description.
import "server-only";
import { describePolicy, type DescribeOptions } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import { describeOptionsByTenant } from "../names/store";
import { changedProperties } from "./changed-properties";
import { contentHash, DELETED } from "./content";
import { DRIFT_GUARD } from "../runs/kinds";
import { EVENT_LABELS, type EventType, type SeenBy } from "./event-types";

/** The tenants the caller may see: their ids, or null for every tenant. */
export type TenantFilter = readonly string[] | null;

export function allowsTenant(filter: TenantFilter, tenantId: string): boolean {
  return filter === null || filter.some((id) => id.toLowerCase() === tenantId.toLowerCase());
}

/** A policy in lib/ca's words: one entry per section. */
export interface DescribedSection {
  section: string;
  lines: string[];
}

export interface VersionDiffView {
  describedBefore: DescribedSection[] | null;
  describedAfter: DescribedSection[] | null;
}

export interface EventView {
  id: string;
  type: EventType;
  label: string;
  summary: string;
  policyId: string | null;
  policyName: string | null;
  properties: string[];
  detectedAt: string;
  seenBy: SeenBy;
  runId: string | null;
  afterVersionId: string | null;
  /** The policy before and after, in words (policy events only). */
  diff: VersionDiffView | null;
}

export interface VersionView {
  id: string;
  displayName: string;
  state: string | null;
  deleted: boolean;
  firstSeenAt: string;
  modifiedDateTime: string | null;
  seenBy: SeenBy;
  runId: string | null;
  /** What differs from the version before (empty for the first one). */
  properties: string[];
  diff: VersionDiffView;
}

export interface PolicyTimelineView {
  tenantId: string;
  policyId: string;
  displayName: string;
  /** Newest first. */
  versions: VersionView[];
}

/** Names for a tenant's policies: what the sync named (lib/names), and the partner tenant as the MSP. */
async function namesOf(prisma: PrismaClient, tenantId: string, partnerTenantId: string | null): Promise<DescribeOptions> {
  return (await describeOptionsByTenant(prisma, [tenantId], partnerTenantId?.toLowerCase() ?? null))(tenantId);
}

function describe(policy: unknown, names: DescribeOptions): DescribedSection[] | null {
  if (policy === null || policy === undefined) return null;
  try {
    return describePolicy(policy, names);
  } catch (err) {
    return [{ section: "Unreadable", lines: [`The policy could not be read: ${(err as Error).message}`] }];
  }
}

/** A tenant's events, newest first; null when the filter does not allow the tenant. */
export async function tenantEvents(
  prisma: PrismaClient,
  filter: TenantFilter,
  tenantId: string,
  options: { partnerTenantId: string | null; limit?: number },
): Promise<EventView[] | null> {
  if (!allowsTenant(filter, tenantId)) return null;
  const events = await prisma.guardEvent.findMany({
    where: { tenantId },
    orderBy: [{ detectedAt: "desc" }, { id: "asc" }],
    take: options.limit ?? 50,
  });
  const versionIds = [...new Set(events.flatMap((e) => [e.beforeVersionId, e.afterVersionId]).filter((id): id is string => id !== null))];
  const versions = new Map(
    (await prisma.policyVersion.findMany({ where: { id: { in: versionIds }, tenantId }, select: { id: true, policy: true } })).map((v) => [v.id, v.policy]),
  );
  const names = await namesOf(prisma, tenantId, options.partnerTenantId);
  return events.map((e) => ({
    id: e.id,
    type: e.type as EventType,
    label: EVENT_LABELS[e.type as EventType] ?? e.type,
    summary: e.summary,
    policyId: e.policyId,
    policyName: e.policyName,
    properties: e.properties,
    detectedAt: e.detectedAt.toISOString(),
    seenBy: e.seenBy as SeenBy,
    runId: e.runId,
    afterVersionId: e.afterVersionId,
    diff:
      e.beforeVersionId || e.afterVersionId
        ? {
            describedBefore: describe(e.beforeVersionId ? versions.get(e.beforeVersionId) : null, names),
            describedAfter: describe(e.afterVersionId ? versions.get(e.afterVersionId) : null, names),
          }
        : null,
  }));
}

/** Every version of one policy, newest first, each with its diff from the one before; null when not allowed or unknown. */
export async function policyTimeline(
  prisma: PrismaClient,
  filter: TenantFilter,
  tenantId: string,
  policyId: string,
  options: { partnerTenantId: string | null },
): Promise<PolicyTimelineView | null> {
  if (!allowsTenant(filter, tenantId)) return null;
  const rows = await prisma.policyVersion.findMany({ where: { tenantId, policyId }, orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }] });
  if (rows.length === 0) return null;
  const names = await namesOf(prisma, tenantId, options.partnerTenantId);
  const versions: VersionView[] = rows.map((v, i) => {
    const previous = i > 0 ? rows[i - 1]!.policy : null;
    const deleted = v.contentHash === DELETED;
    return {
      id: v.id,
      displayName: v.displayName,
      state: v.state,
      deleted,
      firstSeenAt: v.firstSeenAt.toISOString(),
      modifiedDateTime: v.modifiedDateTime?.toISOString() ?? null,
      seenBy: v.seenBy as SeenBy,
      runId: v.runId,
      properties: i === 0 || deleted || previous === null ? [] : changedProperties(previous, v.policy),
      diff: {
        describedBefore: i === 0 ? null : describe(previous, names),
        describedAfter: deleted ? null : describe(v.policy, names),
      },
    };
  });
  return { tenantId, policyId, displayName: rows.at(-1)!.displayName, versions: versions.reverse() };
}

/**
 * The version each of the portal's own changes produced: a version of that policy whose content equals
 * what the engine verified after its write (RemediationChange.after). The same content can recur
 * (a fix undone and done again), so: the version the change's run saw, else the first one seen after
 * the change, else the latest one before it (another read saw it first).
 */
export async function versionsOfChanges(
  prisma: PrismaClient,
  filter: TenantFilter,
  changes: readonly { id: string; tenantId: string; policyId: string | null; after: unknown; runId: string; createdAt: Date | string }[],
): Promise<Map<string, string>> {
  const wanted = changes.filter((c) => c.policyId !== null && c.after !== null && c.after !== undefined && allowsTenant(filter, c.tenantId));
  if (wanted.length === 0) return new Map();
  const hashes = wanted.map((c) => ({ change: c, hash: contentHash(c.after) }));
  const rows = await prisma.policyVersion.findMany({
    where: { OR: hashes.map(({ change, hash }) => ({ tenantId: change.tenantId, policyId: change.policyId!, contentHash: hash })) },
    orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }],
    select: { id: true, tenantId: true, policyId: true, contentHash: true, runId: true, firstSeenAt: true },
  });
  const out = new Map<string, string>();
  for (const { change, hash } of hashes) {
    const same = rows.filter((r) => r.tenantId === change.tenantId && r.policyId === change.policyId && r.contentHash === hash);
    const since = new Date(change.createdAt).getTime();
    const version = same.find((r) => r.runId === change.runId) ?? same.find((r) => r.firstSeenAt.getTime() >= since) ?? same.at(-1);
    if (version) out.set(change.id, version.id);
  }
  return out;
}

export interface GuardRunView {
  runId: string;
  status: string;
  at: string;
  error: string | null;
}

/** The drift guard's latest runs on one tenant, newest first (the tenant page's guard card). */
export async function guardRunsOf(prisma: PrismaClient, tenantId: string, limit = 5): Promise<GuardRunView[]> {
  const rows = await prisma.runTenant.findMany({
    where: { tenantId, run: { requestedBySystem: DRIFT_GUARD.system } },
    orderBy: { run: { createdAt: "desc" } },
    take: limit,
    select: { runId: true, error: true, run: { select: { status: true, createdAt: true } } },
  });
  return rows.map((r) => ({ runId: r.runId, status: r.run.status, at: r.run.createdAt.toISOString(), error: r.error }));
}

export interface GuardReadView {
  /** When the sweep read (or tried to read) the tenant. */
  at: string;
  /** Why it could not, in words; null when it read it. */
  error: string | null;
}

/** The guard's last read of the MSP's own tenant (each sweep starts with it); null before the first sweep. */
export async function partnerGuardRead(prisma: PrismaClient): Promise<GuardReadView | null> {
  const sweep = await prisma.guardSweep.findFirst({
    where: { OR: [{ partnerReadAt: { not: null } }, { partnerError: { not: null } }] },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true, partnerReadAt: true, partnerError: true },
  });
  if (!sweep) return null;
  return { at: (sweep.partnerReadAt ?? sweep.startedAt).toISOString(), error: sweep.partnerError };
}
