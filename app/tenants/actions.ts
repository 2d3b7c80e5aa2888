"use server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError, type ActionContext } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { automationReadiness } from "@/lib/graph";
import { queueClient } from "@/lib/jobs/client";
import { QUEUES } from "@/lib/jobs/queue";

/**
 * A sync without a working automation account would be queued, fail in the worker and say nothing:
 * it is refused here instead, with the reason in words (the page links to Settings), and audited.
 */
async function refuseWithoutAutomation(name: string, { user, prisma, ip }: ActionContext, targetTenantId?: string): Promise<void> {
  const readiness = await automationReadiness();
  if (readiness.ready) return;
  await recordAudit(prisma, { action: name, result: "denied", actor: user, ip, targetTenantId, detail: { reason: "automation account not ready" } });
  throw new ActionError("conflict", `The sync was not started. ${readiness.reason}`);
}

/** When the sync was started, by the server's clock: the page counts the tenants read since then. */
export interface SyncStarted {
  started: true;
  startedAt: string;
}

// Syncing only reads the tenants, but it spends their Graph quota and starts work for everyone:
// operators and admins may start it, readers see the result.
// A person whose scope is limited to tenant groups syncs the tenants of their groups, not every customer.
export const syncAllTenants = action({ name: "sync-all-tenants", role: "operator", input: z.strictObject({}) }, async (_input, ctx): Promise<SyncStarted> => {
  const { user, prisma, ip, scope } = ctx;
  await refuseWithoutAutomation("sync-all-tenants", ctx);
  const startedAt = new Date().toISOString();
  const queue = await queueClient();
  if (!scope.all) {
    const tenants = [...scope.tenantIds];
    for (const tenantId of tenants) await queue.send(QUEUES.syncTenant, { tenantId });
    await recordAudit(prisma, { action: "sync-all-tenants", result: "success", actor: user, ip, detail: { scopedTenants: tenants.length } });
    return { started: true, startedAt };
  }
  const jobId = await queue.send(QUEUES.syncAll, { requestedBy: user.upn });
  await recordAudit(prisma, { action: "sync-all-tenants", result: "success", actor: user, ip, detail: { jobId } });
  return { started: true, startedAt };
});

export const syncTenantNow = action(
  { name: "sync-tenant", role: "operator", input: z.strictObject({ tenantId: z.uuid() }), tenantOf: (i) => i.tenantId },
  async ({ tenantId }, ctx): Promise<SyncStarted> => {
    const { user, prisma, ip } = ctx;
    await refuseWithoutAutomation("sync-tenant", ctx, tenantId);
    const startedAt = new Date().toISOString();
    const jobId = await (await queueClient()).send(QUEUES.syncTenant, { tenantId });
    await recordAudit(prisma, { action: "sync-tenant", result: "success", actor: user, ip, targetTenantId: tenantId, detail: { jobId } });
    return { started: true, startedAt };
  },
);
