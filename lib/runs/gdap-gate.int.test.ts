// GDAP ended means no writes, in the run's tenant job: the confirmed run re-checks the tenant's GDAP
// when its job runs and records a readable refusal, with no write, until an admin opts the tenant in.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { OPERATOR, useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { ID } from "../../testing/remediation/policies";
import { confirmRun } from "./confirm";
import { GDAP_ENDED } from "./gdap-gate";
import { runTenantJob } from "./tenant-job";

describe("the run's tenant job and GDAP", () => {
  const t = useTestPrisma();
  const { setup, previewedRun } = useInMemoryTenants(t);

  async function confirmed(s: ReturnType<typeof setup>, gdapStatus: string) {
    await t.prisma.customerTenant.create({ data: { id: s.tenantId, displayName: "Ended Ltd", gdapStatus } });
    const { runId } = await previewedRun(s.tenantId, s.graph);
    await confirmRun({ prisma: t.prisma, queue: s.queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    return runId;
  }

  it("refuses a tenant whose GDAP ended after the preview: the tenant fails with the reason in words, nothing is written", async () => {
    const s = setup();
    const runId = await confirmed(s, "active");
    await t.prisma.customerTenant.update({ where: { id: s.tenantId }, data: { gdapStatus: "terminated" } }); // the next sync saw it end

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("failed");
    expect(s.graph.patches()).toEqual([]);
    expect(s.opened()).toBe(0); // refused before the tenant was even opened
    const row = await t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId: s.tenantId } } });
    expect(row).toMatchObject({ status: "failed", error: `${GDAP_ENDED} (Its GDAP relationships are terminated.)`, applied: 0 });
    expect(await t.prisma.remediationChange.count({ where: { runId } })).toBe(0);
    expect(
      await t.prisma.auditEvent.findMany({
        where: { action: "run-tenant-write" },
        select: { result: true, actorUpn: true, targetTenantId: true, targetId: true },
      }),
    ).toEqual([{ result: "denied", actorUpn: OPERATOR.upn, targetTenantId: s.tenantId, targetId: runId }]);
  });

  it("refuses when the GDAP sign-in is refused at run time and the portal got in app-only, though the last sync saw GDAP active", async () => {
    const s = setup();
    const runId = await confirmed(s, "active");
    const graph = s.graph;
    s.deps.openTenant = async () =>
      Object.assign(Object.create(graph) as typeof graph, {
        access: "app-only" as const,
        fallbackReason: { problem: "gdap-inactive" as const, message: "The GDAP relationship with this customer is terminated, not active (AADSTS50020)." },
      });

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("failed");
    expect(graph.patches()).toEqual([]);
    const row = await t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId: s.tenantId } } });
    expect(row.error).toMatch(/^GDAP with this customer has ended; .*AADSTS50020, although the last sync found it active/);
  });

  it("writes once an admin has allowed app-only writes to the tenant", async () => {
    const s = setup();
    const runId = await confirmed(s, "expired");
    await t.prisma.customerTenant.update({
      where: { id: s.tenantId },
      data: { appOnlyWritesAllowedAt: new Date(), appOnlyWritesAllowedByUpn: "admin@msp.example" },
    });

    expect(await runTenantJob(s.deps, { runId, tenantId: s.tenantId })).toBe("succeeded");
    expect(s.graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
  });
});
