// After each drift-guard run (lib/runs/finish-run.ts): a tenant fixed resets its count of failures;
// a tenant that failed twice in a row stops auto-fixing (until a person resumes it) and raises the
// event "auto-fix stopped", which the alerts send, instead of trying again at every sweep.
import type { PrismaClient } from "../db/generated/client";
import { EVENT_TYPES } from "./event-types";

export const AUTO_FIX_FAILURES_TO_STOP = 2;

export async function recordAutoFixOutcome(
  prisma: PrismaClient,
  runId: string,
  tenants: readonly { tenantId: string; status: string; error: string | null }[],
): Promise<void> {
  for (const t of tenants) {
    if (t.status === "succeeded") {
      await prisma.customerTenant.updateMany({ where: { id: t.tenantId }, data: { autoFixFailures: 0 } });
      continue;
    }
    if (t.status !== "failed") continue;
    const rows = await prisma.$queryRaw<{ failures: number; stopped: boolean; name: string }[]>`
      update "CustomerTenant" set "autoFixFailures" = "autoFixFailures" + 1
      where id = ${t.tenantId}::uuid
      returning "autoFixFailures" as failures, "autoFixStoppedAt" is not null as stopped, "displayName" as name`;
    const row = rows[0];
    if (!row || row.stopped || row.failures < AUTO_FIX_FAILURES_TO_STOP) continue;
    const reason = t.error ?? "the run failed";
    await prisma.$transaction([
      prisma.customerTenant.update({ where: { id: t.tenantId }, data: { autoFixStoppedAt: new Date(), autoFixStoppedReason: reason } }),
      prisma.guardEvent.create({
        data: {
          type: EVENT_TYPES.autoFixStopped,
          tenantId: t.tenantId,
          properties: [],
          summary: `Auto-fix stopped for ${row.name} after ${row.failures} failed runs in a row; the last: ${reason} It stays stopped until a person resumes it on the tenant's page.`,
          detail: { failures: row.failures, reason },
          seenBy: "run",
          runId,
        },
      }),
    ]);
  }
}

/** A person resumes auto-fix for a tenant: the count starts again. */
export async function resumeAutoFix(prisma: PrismaClient, tenantId: string): Promise<boolean> {
  const { count } = await prisma.customerTenant.updateMany({
    where: { id: tenantId, autoFixStoppedAt: { not: null } },
    data: { autoFixStoppedAt: null, autoFixStoppedReason: null, autoFixFailures: 0 },
  });
  return count === 1;
}
