// Fresh after writes (issue 20): when a tenant's part of a run ends, the tenant is read again by the
// ordinary per-tenant sync job (lib/sync), so its access ("Blocked by CA" until the fix let the MSP
// in), its counts and the dashboard follow without anyone pressing Sync. Only customer tenants (the
// partner tenant is not one the sync reads), and only those not already read with the GDAP sign-in.
import { QUEUES } from "../jobs/queue";
import type { TenantFacts } from "./gdap-gate";
import type { RunQueue, TenantJob } from "./queue";

/** `facts`: the tenant as its job read it when it started (gdap-gate.ts), so ending it reads nothing more. */
export async function resyncTouchedTenant(queue: RunQueue, job: TenantJob, facts: TenantFacts): Promise<boolean> {
  if (facts.gdap === null || facts.gdap === "partner") return false; // not a customer the portal lists
  // Already read with the GDAP sign-in: the engine's read after its writes stored the policies and
  // their counts, and the proof after the run the sign-in, so a sync would learn nothing new (and a
  // bulk run would read thousands of tenants twice). Any other access (blocked by CA, app-only,
  // unknown) is what the run may have changed.
  if (facts.accessHealth === "delegated") return false;
  // With the run's id the sync is the run's re-read (lib/sync/jobs.ts): access and policies, not names.
  await queue.send(QUEUES.syncTenant, [{ data: job }]);
  return true;
}
