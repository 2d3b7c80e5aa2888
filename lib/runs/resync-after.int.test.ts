// Fresh after writes (issue 20): a tenant's part of a run ending queues the ordinary sync of that
// tenant, so its access and counts are read again without anyone pressing Sync.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { QUEUES } from "../jobs/queue";
import { RUN_QUEUES } from "./queue";
import { resyncTouchedTenant } from "./resync-after";
import { runTenantJob } from "./tenant-job";

describe("re-reading the tenants a run touched", () => {
  const t = useTestPrisma();
  const { setup, runWithTenant } = useInMemoryTenants(t);

  it("queues the tenant's sync when its part of the run ends, after the run's own job", async () => {
    const { tenantId, graph, queue, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
    expect(graph.patches().length).toBeGreaterThan(0);
    expect(queue.sent.filter((s) => s.queue === QUEUES.syncTenant)).toEqual([{ queue: QUEUES.syncTenant, job: { data: { runId, tenantId } } }]);
    expect(queue.sent.filter((s) => s.queue === RUN_QUEUES.tenant)).toEqual([]);
  });

  it("does not sync a tenant the portal already reads with the GDAP sign-in: the run's own read refreshed it", async () => {
    const { tenantId, graph, queue, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    await t.prisma.customerTenant.update({ where: { id: tenantId }, data: { accessHealth: "delegated", needsFixCount: 9 } });
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
    expect(queue.sent.filter((s) => s.queue === QUEUES.syncTenant)).toEqual([]);
    // What a sync would have refreshed, the run did: the counts from its read after the writes.
    expect(await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: tenantId }, select: { needsFixCount: true } })).toEqual({ needsFixCount: 0 });
  });

  it("does not sync a tenant the portal does not list as a customer (the partner tenant, a tenant not known)", async () => {
    const { tenantId, queue } = setup();
    expect(await resyncTouchedTenant(queue, { runId: tenantId, tenantId }, { accessHealth: null, gdap: "partner" })).toBe(false);
    expect(await resyncTouchedTenant(queue, { runId: tenantId, tenantId }, { accessHealth: null, gdap: null })).toBe(false);
    expect(queue.sent).toEqual([]);
  });
});
