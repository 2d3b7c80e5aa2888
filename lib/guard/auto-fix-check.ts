// Checked again when a drift-guard run's job runs (lib/runs/tenant-job.ts), as a person's run checks
// its requester: the tenant's guard mode must still be auto-fix, and the admin who set it (recorded
// as having approved the run) must still be an enabled admin whose scope holds the tenant.
import { allows } from "../auth/roles";
import { inScope, loadScope } from "../auth/scope";
import type { PrismaClient } from "../db/generated/client";
import { guardModeOf } from "./modes";

export async function autoFixProblem(prisma: PrismaClient, approvedById: string | null, tenantId: string): Promise<string | null> {
  const mode = await guardModeOf(prisma, tenantId);
  if (mode.mode !== "auto-fix") return `Not done: the guard's mode for this tenant is no longer auto-fix (now "${mode.mode}", from ${mode.source}).`;
  if (approvedById === null) return "Not done: no admin is recorded as having set auto-fix for this tenant.";
  const admin = await prisma.portalUser.findUnique({ where: { id: approvedById }, select: { upn: true, role: true, disabled: true } });
  if (!admin || admin.disabled || !allows(admin.role, "admin")) {
    return `Not done: ${admin?.upn ?? "the admin"} who set auto-fix for this tenant is no longer an enabled admin; an admin sets the mode again.`;
  }
  if (!inScope(await loadScope(prisma, approvedById), tenantId))
    return `Not done: this tenant is no longer in the tenant scope of ${admin.upn}, who set auto-fix.`;
  return null;
}
