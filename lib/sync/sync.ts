// Keeps the portal's picture of the fleet current, so pages read Postgres and never wait on
// Graph: the customer list from the partner's GDAP relationships, and per tenant its Conditional
// Access policies (snapshots), how the portal can reach it, and how many policies need attention.
import type { PrismaClient } from "../db/generated/client";
import type { GdapRelationship, PartnerGraph } from "../graph/partner-graph-contract";
import { GraphFailure, type GraphPolicy, type TenantGraph } from "../graph/tenant-graph-contract";
import type { Observation } from "../guard/event-types";
import { recordAccessEvent } from "../guard/access-events";
import { recordGdapEvents } from "../guard/record-gdap";
import { policyReferences } from "../ca";
import { storeNames, storeOrganizationName } from "../names/store";
import { countPlans, storeSnapshots, type PolicyCounts } from "../snapshots/store";
import { summarizeGdap } from "./gdap-summary";
import { inChunks } from "../db/in-chunks";

export interface SyncDeps {
  prisma: PrismaClient;
  partnerTenantId: string;
  partner(): Promise<PartnerGraph>;
  openTenant(tenantId: string): Promise<TenantGraph>;
  now?: () => Date;
}

/**
 * Customers from the GDAP relationships; returns the ids now known. What changed since the last read
 * (a new customer, a relationship ending or ended) becomes guard events (lib/guard/record-gdap.ts).
 */
export async function syncCustomers(deps: SyncDeps, observation: Observation = { seenBy: "sync" }): Promise<string[]> {
  const partner = await deps.partner();
  const relationships = await partner.listGdapRelationships();
  await syncPartnerName(deps, partner);
  const customers = summarizeGdap(relationships);
  const before = await deps.prisma.customerTenant.findMany({ select: { id: true, displayName: true, gdapStatus: true, gdapEndsAt: true } });
  for (const c of customers) {
    const data = { displayName: c.displayName, gdapStatus: c.status, gdapRoles: c.roleIds, gdapEndsAt: c.endsAt ? new Date(c.endsAt) : null };
    await deps.prisma.customerTenant.upsert({ where: { id: c.tenantId }, create: { id: c.tenantId, ...data }, update: data });
  }
  // A customer whose relationships are all gone stays listed (its history matters), marked as such.
  const known = customers.map((c) => c.tenantId);
  await deps.prisma.customerTenant.updateMany({ where: { id: { notIn: known } }, data: { gdapStatus: "none", gdapRoles: [], gdapEndsAt: null } });
  await storeRelationships(deps.prisma, relationships, deps.now?.() ?? new Date());
  await recordGdapEvents(deps.prisma, before, observation, deps.now?.() ?? new Date());
  return known;
}

/** Every relationship as read, replacing the last read (Graph's list is the whole set), for the tenant's page. */
async function storeRelationships(prisma: PrismaClient, relationships: readonly GdapRelationship[], now: Date): Promise<void> {
  const at = (iso: string | null) => (iso ? new Date(iso) : null);
  const rows = relationships.map((r) => ({
    id: r.id,
    tenantId: r.customerTenantId,
    displayName: r.displayName,
    status: r.status,
    roleIds: r.roleIds,
    createdAt: at(r.createdDateTime),
    activatedAt: at(r.activatedDateTime),
    endsAt: at(r.endDateTime),
    autoExtendDuration: r.autoExtendDuration,
    readAt: now,
  }));
  // One statement at a time inside the transaction: a batch of them is compiled as one (measured: 10,000
  // customers as one batch took the worker past its 192 MB heap, npm run bench:bulk -- --tenants 10000).
  await prisma.$transaction(async (tx) => {
    await tx.gdapRelationship.deleteMany({});
    await inChunks(rows, (chunk) => tx.gdapRelationship.createMany({ data: chunk, skipDuplicates: true }));
  });
}

/** The partner tenant's own name, for every place the MSP is meant; a failure keeps the last one read. */
async function syncPartnerName(deps: SyncDeps, partner: PartnerGraph): Promise<void> {
  try {
    const name = await partner.organizationName();
    if (name) await storeOrganizationName(deps.prisma, deps.partnerTenantId, name, deps.now?.() ?? new Date());
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
  }
}

/**
 * How the tenant is reached, in words. When the customer's Conditional Access blocks the GDAP
 * sign-in the MSP's people are blocked, even if the portal itself gets in app-only: say both.
 */
export function accessOf(graph: TenantGraph): { accessHealth: string; accessReason: string | null } {
  if (graph.access === "delegated") return { accessHealth: "delegated", accessReason: null }; // nothing to explain
  const why = graph.fallbackReason;
  if (why?.problem === "blocked-by-ca") {
    return { accessHealth: "blocked-by-ca", accessReason: `${why.message} The portal reads and fixes this tenant with its app's own permissions.` };
  }
  return {
    accessHealth: "app-only",
    accessReason: why
      ? `Delegated access is not possible (${why.message}); the portal uses its app's own permissions.`
      : "The portal uses its app's own permissions.",
  };
}

/** What naming the policies' ids cost (lib/graph/directory-names.ts), on top of the policies read. */
export interface NameCost {
  /** Requests sent to read names (getByIds batches, lists, one per app or other tenant). */
  nameRequests: number;
  /** Of those, Conditional Access requests (named locations, authentication contexts). */
  nameCaRequests: number;
  /** Ids named, and those Graph no longer knows (shown as "deleted object (id)"). */
  names: number;
  missing: number;
  /** Kinds Graph refused to name, with its reason. */
  unreadable: string[];
}

const NO_NAMES: NameCost = { nameRequests: 0, nameCaRequests: 0, names: 0, missing: 0, unreadable: [] };

export type TenantSyncResult =
  ({ ok: true; access: TenantGraph["access"] } & PolicyCounts & NameCost) | { ok: false; problem: GraphFailure["problem"]; message: string };

/** Reads one tenant's policies through Graph and records what was found, or why it could not be. */
export async function syncTenant(
  deps: SyncDeps,
  tenantId: string,
  observation: Observation = { seenBy: "sync" },
  /** Called with what was read, once it is stored (the guard's auto-fix plans from it). */
  afterRead?: (read: { graph: TenantGraph; policies: GraphPolicy[] }) => Promise<void>,
): Promise<TenantSyncResult> {
  const now = deps.now?.() ?? new Date();
  const before = await deps.prisma.customerTenant.findUnique({ where: { id: tenantId }, select: { id: true, displayName: true, accessHealth: true } });
  const noticeBlocked = async (after: { accessHealth: string; accessReason: string | null }) => {
    if (before) await recordAccessEvent(deps.prisma, before, after, observation, now);
  };
  try {
    const graph = await deps.openTenant(tenantId);
    const policies = await graph.listPolicies();
    await storeSnapshots(deps.prisma, tenantId, policies, deps.partnerTenantId, observation, now);
    const counts = countPlans(policies, deps.partnerTenantId);
    // Names refresh with a person's sync, not with the guard's sweep (one CA request per tenant per
    // sweep) nor the re-read after a run (a bulk run's thousands of tenants would each read them again).
    const cost = observation.seenBy === "sync" ? await syncNames(deps, graph, policies, now) : null;
    const named = cost ? { nameRequests: cost.nameRequests, nameCaRequests: cost.nameCaRequests } : {};
    const licence = observation.seenBy === "sync" ? await syncLicence(graph, policies) : {};
    const access = accessOf(graph);
    await deps.prisma.customerTenant.update({ where: { id: tenantId }, data: { ...access, lastSyncedAt: now, lastSyncError: null, ...named, ...licence } });
    await noticeBlocked(access);
    await afterRead?.({ graph, policies });
    return { ok: true, access: graph.access, ...counts, ...(cost ?? NO_NAMES) };
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    // Snapshots from an earlier sync stay: they are still the best picture, with their own time.
    await deps.prisma.customerTenant.update({
      where: { id: tenantId },
      data: { accessHealth: err.problem, accessReason: err.message, lastSyncedAt: now, lastSyncError: err.message },
    });
    await noticeBlocked({ accessHealth: err.problem, accessReason: err.message });
    return { ok: false, problem: err.problem, message: err.message };
  }
}

/**
 * Whether the tenant has Entra ID P2, read only when a policy uses user or sign-in risk (the finding
 * "risk needs P2", lib/ca/policy-findings.ts): one /organization request then, none otherwise.
 */
async function syncLicence(graph: TenantGraph, policies: GraphPolicy[]): Promise<{ entraP2?: boolean | null }> {
  const usesRisk = policies.some((p) => {
    const c = (p as { conditions?: { userRiskLevels?: unknown; signInRiskLevels?: unknown } }).conditions;
    return (Array.isArray(c?.userRiskLevels) && c.userRiskLevels.length > 0) || (Array.isArray(c?.signInRiskLevels) && c.signInRiskLevels.length > 0);
  });
  if (!usesRisk || !graph.entraP2) return {};
  return { entraP2: await graph.entraP2() };
}

/**
 * Names what the policies point at, refreshed with every sync (the partner's own tenant is named
 * from its organization, so it is not asked again here). Graph refusing a kind leaves its ids
 * unreadable and the sync goes on.
 */
export async function syncNames(deps: SyncDeps, graph: TenantGraph, policies: GraphPolicy[], now: Date): Promise<NameCost> {
  const resolution = await graph.readNames(policyReferences(policies, { tenants: [deps.partnerTenantId, graph.tenantId] }));
  await storeNames(deps.prisma, graph.tenantId, resolution, now);
  return {
    nameRequests: resolution.requests,
    nameCaRequests: resolution.caRequests,
    names: resolution.names.length,
    missing: resolution.names.filter((n) => n.status === "missing").length,
    unreadable: resolution.unreadable.map((u) => `${u.kind}: ${u.message}`),
  };
}
