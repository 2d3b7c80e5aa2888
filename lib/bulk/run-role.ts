// Who may start a bulk run: operators fix the tenants they pick, but a run over every customer
// tenant at once is an admin's decision (security checklist S4: bulk "all tenants" writes need admin).
import type { Role } from "../auth/roles";
import type { PrismaClient } from "../db/generated/client";

export function roleForRun(runTenants: number, allTenants: number): Role {
  return allTenants > 1 && runTenants >= allTenants ? "admin" : "operator";
}

/** The role starting a run from this preview needs (its reachable tenants against all the portal knows). */
export async function roleForRunFromPreview(prisma: PrismaClient, previewId: string): Promise<Role> {
  const [previewed, all] = await Promise.all([prisma.bulkPreviewTenant.count({ where: { previewId } }), prisma.customerTenant.count()]);
  return roleForRun(previewed, all);
}
