// Fresh after writes (issue 20): when a tenant's part of a run ends, the tenant is read again by the
// ordinary per-tenant sync job (lib/sync), so its access ("Blocked by CA" until the fix let the MSP
// in), its counts and the dashboard follow without anyone pressing Sync. Only customer tenants: the
// partner tenant is not one the sync reads.
import type { PrismaClient } from "../db/generated/client";
import { QUEUES } from "../jobs/queue";
import type { RunQueue, TenantJob } from "./queue";

export async function resyncTouchedTenant(prisma: PrismaClient, queue: RunQueue, job: TenantJob): Promise<boolean> {
  if (!(await prisma.customerTenant.findUnique({ where: { id: job.tenantId }, select: { id: true } }))) return false;
  // With the run's id the sync is the run's re-read (lib/sync/jobs.ts): access and policies, not names.
  await queue.send(QUEUES.syncTenant, [{ data: job }]);
  return true;
}
