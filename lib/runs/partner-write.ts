// Does confirming this run write to the MSP's own (partner) tenant? Those runs need a fresh sign-in
// (lib/auth/fresh-sign-in.ts): the service account they protect reaches every customer. Decided from
// the run as stored (its kind, action and tenants), never from what the browser says.
import type { PrismaClient } from "../db/generated/client";

export async function writesToPartnerTenant(prisma: PrismaClient, runId: string, partnerTenantId: string | undefined): Promise<boolean> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { kind: true, action: true } });
  // No such run: confirming it is refused by the run service itself, with its own reason.
  if (!run) return false;
  // The partner page's runs, and every action but the customers' exclusion, act on the partner tenant's policies.
  if (run.kind === "service-account-fix" || run.action !== "exclude-service-provider") return true;
  if (!partnerTenantId) return false;
  return (await prisma.runTenant.count({ where: { runId, tenantId: partnerTenantId.toLowerCase() } })) > 0;
}
