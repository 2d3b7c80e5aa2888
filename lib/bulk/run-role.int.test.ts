// Who may confirm a run (security checklist S4): a bulk run over every customer tenant at once
// needs an admin; a selection, or any other kind of run, an operator.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { OPERATOR, useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { PARTNER } from "../../testing/remediation/policies";
import { startBulkPreview } from "./start";
import { roleForConfirm } from "./run-role";

describe("the role confirming a run needs", () => {
  const t = useTestPrisma();
  const { setup, previewedRun } = useInMemoryTenants(t);

  it("is admin for a bulk run over every customer tenant, operator for a selection or a tenant page's run", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await t.prisma.customerTenant.createMany({ data: ids.map((id, i) => ({ id, displayName: `Customer ${i}` })) });
    const { queue } = setup();
    const start = {
      prisma: t.prisma,
      queue,
      options: { fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false },
      requestedBy: OPERATOR,
      partnerTenantId: PARTNER,
    } as const;

    const everyTenant = await startBulkPreview({ ...start, tenantIds: ids });
    expect(await roleForConfirm(t.prisma, everyTenant)).toBe("admin");
    const selection = await startBulkPreview({ ...start, tenantIds: ids.slice(1) });
    expect(await roleForConfirm(t.prisma, selection)).toBe("operator");
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: everyTenant } })).toMatchObject({ kind: "bulk-fix", status: "previewing" });

    // A tenant page's run is one tenant, even when the portal knows only that one.
    const { tenantId, graph } = setup();
    const { runId } = await previewedRun(tenantId, graph);
    expect(await roleForConfirm(t.prisma, runId)).toBe("operator");
    // Once the portal knows a fourth tenant, the first selection is no longer "every tenant".
    expect(await roleForConfirm(t.prisma, everyTenant)).toBe("operator");
  });
});
