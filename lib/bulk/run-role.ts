// Who may confirm a bulk run: operators fix the tenants they pick, but a run over every customer
// tenant at once is an admin's decision (security checklist S4: bulk "all tenants" writes need admin).
import type { Role } from "../auth/roles";
import type { PrismaClient } from "../db/generated/client";

export function roleForRun(runTenants: number, allTenants: number): Role {
  return allTenants > 1 && runTenants >= allTenants ? "admin" : "operator";
}

/** The role confirming this run needs: a bulk run's previewed tenants against all the portal knows; any other run: operator. */
export async function roleForConfirm(prisma: PrismaClient, runId: string): Promise<Role> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { kind: true } });
  if (run?.kind !== "bulk-fix") return "operator";
  const [previewed, all] = await Promise.all([prisma.runTenant.count({ where: { runId } }), prisma.customerTenant.count()]);
  return roleForRun(previewed, all);
}
