// Proof of access for the whole fleet (issue 16): a person starts one check; it becomes one queue job
// per tenant (any worker, any machine), each asking Graph's What If through the tenant's paced Graph
// like a single check does. Progress is read from the proofs recorded with the check's id, so it is
// true after a crash too: a job pg-boss retries finds its proof already there and does nothing.
import { z } from "zod";
import { inScope, type TenantScope } from "../auth/scope";
import type { PrismaClient } from "../db/generated/client";
import { GraphFailure, type TenantGraph } from "../graph/tenant-graph-contract";
import { QUEUES } from "../jobs/queue";
import type { SignInScenario } from "../ca";
import { proveTenant } from "./prove";
import { recordProof } from "./record";

export const proofTenantJob = z.object({ checkId: z.uuid(), tenantId: z.uuid() });

/** A check still counting that started less than this long ago holds a new one back. */
export const CHECK_RUNNING_FOR_MS = 30 * 60_000;

/**
 * "Check all" as a person starts it: every tenant in their scope the portal still reaches (customers
 * whose GDAP relationships are all gone are not), unless a check started less than
 * CHECK_RUNNING_FOR_MS ago is still counting. A refusal says why in words.
 */
export async function startScopedFleetCheck(
  prisma: PrismaClient,
  send: SendJobs,
  o: { requestedByUpn: string; scope: TenantScope; now?: Date },
): Promise<{ checkId: string; tenants: number } | { refused: string }> {
  const latest = await latestFleetCheck(prisma, o.scope);
  const now = (o.now ?? new Date()).getTime();
  if (latest && !latest.finished && now - new Date(latest.startedAt).getTime() < CHECK_RUNNING_FOR_MS) {
    return { refused: `A check started by ${latest.requestedByUpn} is still running (${latest.checked} of ${latest.total} tenants checked).` };
  }
  const tenants = await prisma.customerTenant.findMany({
    // A status not known yet is tried (the proof says why if it fails): SQL's NOT (status = 'none') alone would drop NULLs.
    where: { ...(o.scope.all ? {} : { id: { in: [...o.scope.tenantIds] } }), OR: [{ gdapStatus: null }, { gdapStatus: { not: "none" } }] },
    select: { id: true },
    orderBy: { displayName: "asc" },
  });
  if (tenants.length === 0) return { refused: "There is no tenant to check: sync the tenants first." };
  const checkId = await startFleetCheck(prisma, send, { requestedByUpn: o.requestedByUpn, tenantIds: tenants.map((t) => t.id) });
  return { checkId, tenants: tenants.length };
}

/** Sends many jobs to one queue in one statement (pg-boss's insert), so a person's click does not wait on a round trip per tenant. */
export type SendJobs = (queue: string, jobs: readonly object[]) => Promise<unknown>;

/** Jobs per insert statement. */
const SEND_CHUNK = 1000;

/** Starts a check of `tenantIds` (the person's scope, decided by the caller); returns its id. */
export async function startFleetCheck(prisma: PrismaClient, send: SendJobs, o: { requestedByUpn: string; tenantIds: readonly string[] }): Promise<string> {
  const check = await prisma.proofCheck.create({ data: { requestedByUpn: o.requestedByUpn, tenantIds: [...o.tenantIds] } });
  const jobs = o.tenantIds.map((tenantId) => ({ checkId: check.id, tenantId }));
  for (let i = 0; i < jobs.length; i += SEND_CHUNK) await send(QUEUES.proofTenant, jobs.slice(i, i + SEND_CHUNK));
  return check.id;
}

export interface FleetCheckDeps {
  prisma: PrismaClient;
  partnerTenantId: string | null;
  openTenant(tenantId: string, accessHealth: string | null): Promise<TenantGraph>;
  scenarios(): Promise<readonly SignInScenario[]>;
}

/**
 * One tenant of a check, as its job runs it. The job re-checks what it was given: the check exists and
 * names this tenant; a proof already recorded for it (a retried job) is not asked for twice.
 */
export async function proveForCheck(deps: FleetCheckDeps, data: unknown): Promise<{ tenantId: string; headline: string | null }> {
  const { checkId, tenantId } = proofTenantJob.parse(data);
  const check = await deps.prisma.proofCheck.findUnique({ where: { id: checkId } });
  if (!check || !check.tenantIds.includes(tenantId)) return { tenantId, headline: null };
  if (await deps.prisma.accessProof.findFirst({ where: { checkId, tenantId }, select: { id: true } })) return { tenantId, headline: null };
  const base = { tenantId, kind: "live" as const, checkedByUpn: check.requestedByUpn, checkId };
  const tenant = await deps.prisma.customerTenant.findUnique({ where: { id: tenantId }, select: { accessHealth: true } });
  const failed = async (error: string) => {
    await recordProof(deps.prisma, { ...base, result: { scenarios: [], labels: [] }, error, verdict: "not-proven" });
    return { tenantId, headline: `not proven: ${error}` };
  };
  if (!deps.partnerTenantId) return failed("PARTNER_TENANT_ID is not configured.");
  if (!tenant) return failed("The tenant is no longer among the customers.");
  let graph: TenantGraph;
  try {
    graph = await deps.openTenant(tenantId, tenant.accessHealth);
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    return failed(err.message);
  }
  const proof = await proveTenant({ prisma: deps.prisma, graph, partnerTenantId: deps.partnerTenantId, scenarios: await deps.scenarios(), ...base });
  return { tenantId, headline: proof.headline };
}

export interface FleetCheckProgress {
  id: string;
  requestedByUpn: string;
  startedAt: string;
  /** Tenants in the check that the reader may see. */
  total: number;
  checked: number;
  /** Of those checked: Graph's What If says a sign-in is blocked. */
  blocked: number;
  /** Of those checked: Graph could not be asked (the reason is on the tenant's page). */
  notProven: number;
  finished: boolean;
}

/** The latest check, counted over the tenants in `scope` only; null when there was none. */
export async function latestFleetCheck(prisma: PrismaClient, scope: TenantScope): Promise<FleetCheckProgress | null> {
  const check = await prisma.proofCheck.findFirst({ orderBy: { createdAt: "desc" } });
  if (!check) return null;
  const tenantIds = check.tenantIds.filter((t) => inScope(scope, t));
  // Only the stored one-word verdicts: a dashboard polls this every 2 s, and reading every proof's
  // result took up to 11 s a poll at 1,000 tenants (bench:proof). A tenant has one proof per check.
  const proofs = await prisma.accessProof.findMany({
    where: { checkId: check.id, ...(scope.all ? {} : { tenantId: { in: tenantIds } }) },
    select: { tenantId: true, verdict: true },
  });
  const seen = new Map(proofs.map((p) => [p.tenantId, p.verdict]));
  const verdicts = [...seen.values()];
  return {
    id: check.id,
    requestedByUpn: check.requestedByUpn,
    startedAt: check.createdAt.toISOString(),
    total: tenantIds.length,
    checked: seen.size,
    blocked: verdicts.filter((v) => v === "blocked").length,
    notProven: verdicts.filter((v) => v === "not-proven").length,
    finished: seen.size >= tenantIds.length,
  };
}
