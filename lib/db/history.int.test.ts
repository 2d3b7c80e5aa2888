import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";

const TARGET = { action: "exclude-service-provider", partnerTenantId: "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa" };
const RUN = { action: TARGET.action, target: TARGET, options: { scope: {}, offerNeedsReview: true } };

describe("history rows through Prisma on real Postgres", () => {
  const t = useTestPrisma();

  async function pendingChange() {
    const user = await t.prisma.portalUser.create({
      data: { tenantId: crypto.randomUUID(), objectId: crypto.randomUUID(), upn: "admin@msp.example", displayName: "Ada Admin", role: "admin" },
    });
    const run = await t.prisma.remediationRun.create({
      data: { kind: "tenant-fix", status: "running", startedAt: new Date(), requestedById: user.id, requestedByUpn: user.upn, ...RUN },
    });
    return t.prisma.remediationChange.create({
      data: {
        runId: run.id,
        tenantId: crypto.randomUUID(),
        policyId: "p1",
        policyName: "Require MFA for all users",
        action: "exclude-service-provider",
        plannedOutcome: "patch",
        reason: "applies to all users",
        warnings: [],
        before: { conditions: { users: { includeUsers: ["All"] } } },
        requestMethod: "PATCH",
        requestPath: "/identity/conditionalAccess/policies/p1",
        requestBody: { conditions: { users: { excludeGuestsOrExternalUsers: null } } },
      },
    });
  }

  it("writes a change and reads it back with its run and who asked", async () => {
    const change = await pendingChange();
    const read = await t.prisma.remediationChange.findUniqueOrThrow({ where: { id: change.id }, include: { run: { include: { requestedBy: true } } } });
    expect(read.result).toBe("pending");
    expect(read.policyName).toBe("Require MFA for all users");
    expect(read.before).toEqual({ conditions: { users: { includeUsers: ["All"] } } });
    expect(read.run.requestedBy?.displayName).toBe("Ada Admin");
  });

  it("lets a pending change be finished exactly once, and never rewritten or deleted", async () => {
    const change = await pendingChange();
    await t.prisma.remediationChange.update({ where: { id: change.id }, data: { result: "applied", graphStatus: 204, finishedAt: new Date() } });
    await expect(t.prisma.remediationChange.update({ where: { id: change.id }, data: { result: "failed" } })).rejects.toThrow(/already finished/);
    await expect(t.prisma.remediationChange.delete({ where: { id: change.id } })).rejects.toThrow(/append-only/);
    expect((await t.prisma.remediationChange.findUniqueOrThrow({ where: { id: change.id } })).result).toBe("applied");
  });

  it("refuses to change what was planned or sent, even while pending", async () => {
    const change = await pendingChange();
    await expect(t.prisma.remediationChange.update({ where: { id: change.id }, data: { requestBody: { something: "else" } } })).rejects.toThrow(
      /only the outcome/,
    );
  });

  it("keeps the audit log insert-only", async () => {
    const ev = await t.prisma.auditEvent.create({ data: { action: "sign-in", result: "success", actorUpn: "admin@msp.example" } });
    await expect(t.prisma.auditEvent.update({ where: { id: ev.id }, data: { result: "denied" } })).rejects.toThrow(/insert-only/);
    await expect(t.prisma.auditEvent.delete({ where: { id: ev.id } })).rejects.toThrow(/insert-only/);
    // Counted failures (AuditFailureWindow) point at their audit row, so a plain truncate is refused
    // by that reference, and one that cascades to them by the audit log's own trigger.
    await expect(t.prisma.$executeRawUnsafe(`truncate "AuditEvent"`)).rejects.toThrow(/cannot truncate a table referenced in a foreign key constraint/);
    await expect(t.prisma.$executeRawUnsafe(`truncate "AuditEvent" cascade`)).rejects.toThrow(/insert-only/);
    expect(await t.prisma.auditEvent.count({ where: { id: ev.id } })).toBe(1);
  });

  it.each(["succeeded", "partly_failed", "failed", "cancelled"] as const)("closes a run once it has ended (%s), and never deletes one", async (end) => {
    const run = await t.prisma.remediationRun.create({ data: { kind: "bulk-fix", requestedByUpn: "op@msp.example", ...RUN } });
    expect(run.status).toBe("previewing");
    // Until it ends, a run moves forward (lib/runs' status machine) and its summary may be written.
    for (const status of ["previewed", "queued", "running"] as const) {
      await t.prisma.remediationRun.update({ where: { id: run.id }, data: { status } });
    }
    await t.prisma.remediationRun.update({ where: { id: run.id }, data: { status: end, finishedAt: new Date(), error: "summary" } });
    await expect(t.prisma.remediationRun.update({ where: { id: run.id }, data: { status: "running" } })).rejects.toThrow(/has ended/);
    await expect(t.prisma.remediationRun.update({ where: { id: run.id }, data: { error: "rewritten" } })).rejects.toThrow(/has ended/);
    await expect(t.prisma.remediationRun.delete({ where: { id: run.id } })).rejects.toThrow(/append-only/);
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: end, error: "summary" });
  });
});
