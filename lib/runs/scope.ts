// Which runs a user may see and act on, by their tenant scope (lib/auth/scope.ts). A run over
// customer tenants is the user's when every one of its tenants is in their scope: a bulk run that
// also touched tenants they may not see would name those tenants. A run on the MSP's own tenant is
// visible to everyone signed in (as the partner page is); acting on it needs all tenants.
import type { TouchedTenants } from "../auth/action-client";
import { inScope, tenantIdFilter, type TenantScope } from "../auth/scope";
import type { Prisma, PrismaClient } from "../db/generated/client";

/** The kind of run that writes to the MSP's own tenant (lib/runs/kinds.ts). */
export const PARTNER_RUN_KIND = "service-account-fix";

/** A Prisma filter for runs visible within `scope`. */
export function visibleRunsWhere(scope: TenantScope): Prisma.RemediationRunWhereInput {
  const id = tenantIdFilter(scope);
  return id ? { OR: [{ kind: PARTNER_RUN_KIND }, { tenants: { every: { tenantId: id } } }] } : {};
}

/** The tenants a run touches (every tenant of its preview), and whether it writes to the MSP's own tenant; null for no such run. */
export async function runTouches(prisma: PrismaClient, runId: string): Promise<TouchedTenants | null> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { kind: true, tenants: { select: { tenantId: true } } } });
  if (!run) return null;
  if (run.kind === PARTNER_RUN_KIND) return { tenantIds: [], partner: true };
  return { tenantIds: run.tenants.map((t) => t.tenantId) };
}

/** The tenants some of a run's changes touch (undoing only those needs only those tenants in scope). */
export async function changesTouch(prisma: PrismaClient, runId: string, changeIds: readonly string[]): Promise<TouchedTenants | null> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { kind: true } });
  if (!run) return null;
  if (run.kind === PARTNER_RUN_KIND) return { tenantIds: [], partner: true };
  const changes = await prisma.remediationChange.findMany({ where: { runId, id: { in: [...changeIds] } }, distinct: ["tenantId"], select: { tenantId: true } });
  return { tenantIds: changes.map((c) => c.tenantId) };
}

/** May a user with `scope` see this run? False for no such run. */
export async function runVisible(prisma: PrismaClient, runId: string, scope: TenantScope): Promise<boolean> {
  const touched = await runTouches(prisma, runId);
  return touched !== null && (touched.partner === true || touched.tenantIds.every((id) => inScope(scope, id)));
}
