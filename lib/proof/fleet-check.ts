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
import { headlineOf, type ProofResult } from "./view";

export const proofTenantJob = z.object({ checkId: z.uuid(), tenantId: z.uuid() });

/** Starts a check of `tenantIds` (the person's scope, decided by the caller); returns its id. */
export async function startFleetCheck(
  prisma: PrismaClient,
  send: (queue: string, data: object) => Promise<unknown>,
  o: { requestedByUpn: string; tenantIds: readonly string[] },
): Promise<string> {
  const check = await prisma.proofCheck.create({ data: { requestedByUpn: o.requestedByUpn, tenantIds: [...o.tenantIds] } });
  for (const tenantId of o.tenantIds) await send(QUEUES.proofTenant, { checkId: check.id, tenantId });
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
    await deps.prisma.accessProof.create({ data: { ...base, result: { scenarios: [], labels: [] }, error } });
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
  const proofs = await prisma.accessProof.findMany({
    where: { checkId: check.id, tenantId: { in: tenantIds } },
    select: { tenantId: true, error: true, result: true },
  });
  const seen = new Map(proofs.map((p) => [p.tenantId, p]));
  let blocked = 0;
  let notProven = 0;
  for (const p of seen.values()) {
    const headline = headlineOf(p.error, p.result as unknown as ProofResult);
    if (headline.startsWith("not proven")) notProven++;
    else if (headline.startsWith("proven: blocked")) blocked++;
  }
  return {
    id: check.id,
    requestedByUpn: check.requestedByUpn,
    startedAt: check.createdAt.toISOString(),
    total: tenantIds.length,
    checked: seen.size,
    blocked,
    notProven,
    finished: seen.size >= tenantIds.length,
  };
}
