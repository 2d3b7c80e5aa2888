"use server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { queueClient } from "@/lib/jobs/client";
import { QUEUES } from "@/lib/jobs/queue";

// Syncing only reads the tenants, but it spends their Graph quota and starts work for everyone:
// operators and admins may start it, readers see the result.
// A person whose scope is limited to tenant groups syncs the tenants of their groups, not every customer.
export const syncAllTenants = action({ name: "sync-all-tenants", role: "operator", input: z.strictObject({}) }, async (_input, { user, prisma, ip, scope }) => {
  const queue = await queueClient();
  if (!scope.all) {
    const tenants = [...scope.tenantIds];
    for (const tenantId of tenants) await queue.send(QUEUES.syncTenant, { tenantId });
    await recordAudit(prisma, { action: "sync-all-tenants", result: "success", actor: user, ip, detail: { scopedTenants: tenants.length } });
    return { started: true };
  }
  const jobId = await queue.send(QUEUES.syncAll, { requestedBy: user.upn });
  await recordAudit(prisma, { action: "sync-all-tenants", result: "success", actor: user, ip, detail: { jobId } });
  return { started: true };
});

export const syncTenantNow = action(
  { name: "sync-tenant", role: "operator", input: z.strictObject({ tenantId: z.uuid() }), tenantOf: (i) => i.tenantId },
  async ({ tenantId }, { user, prisma, ip }) => {
    const jobId = await (await queueClient()).send(QUEUES.syncTenant, { tenantId });
    await recordAudit(prisma, { action: "sync-tenant", result: "success", actor: user, ip, targetTenantId: tenantId, detail: { jobId } });
    return { started: true };
  },
);
