// Ending a bulk run once every tenant has ended: `cancelled` when someone pressed Cancel,
// otherwise `completed` (per-tenant failures are the tenants' outcomes, listed in the summary).
import type { PrismaClient } from "../db/generated/client";
import { endRun, RunStateError } from "../remediation/runs";

const OPEN = ["queued", "running"] as const;

/** Names, at most `max` of them, then how many more. */
export function listNames(names: readonly string[], max = 20): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** The run's `error`: which tenants were not done or failed, in words; null when all were done. */
export function runSummary(input: { cancelled: boolean; cancelledBy: string | null; notDone: string[]; failed: string[] }): string | null {
  const parts: string[] = [];
  if (input.cancelled) {
    parts.push(
      input.notDone.length > 0
        ? `Cancelled${input.cancelledBy ? ` by ${input.cancelledBy}` : ""}; ${input.notDone.length} tenant(s) not done: ${listNames(input.notDone)}.`
        : `Cancelled${input.cancelledBy ? ` by ${input.cancelledBy}` : ""} after every tenant had finished.`,
    );
  } else if (input.notDone.length > 0) {
    // Nobody cancelled, yet some tenants were not done: a null summary would read "all done".
    parts.push(`${input.notDone.length} tenant(s) not done: ${listNames(input.notDone)}.`);
  }
  if (input.failed.length > 0) parts.push(`${input.failed.length} tenant(s) failed: ${listNames(input.failed)}.`);
  return parts.length > 0 ? parts.join(" ") : null;
}

/** Ends the run if no tenant is queued or running; true when this call ended it. */
export async function finishRunIfDone(prisma: PrismaClient, runId: string): Promise<boolean> {
  if ((await prisma.bulkRunTenant.count({ where: { runId, status: { in: [...OPEN] } } })) > 0) return false;
  const run = await prisma.remediationRun.findUnique({ where: { id: runId } });
  if (!run || (run.status !== "running" && run.status !== "queued")) return false;
  const tenants = await prisma.bulkRunTenant.findMany({ where: { runId }, select: { tenantId: true, status: true } });
  const names = new Map(
    (await prisma.customerTenant.findMany({ where: { id: { in: tenants.map((t) => t.tenantId) } }, select: { id: true, displayName: true } })).map((t) => [
      t.id,
      t.displayName,
    ]),
  );
  const nameOf = (id: string) => names.get(id) ?? id;
  const summary = runSummary({
    cancelled: run.cancelRequestedAt !== null,
    cancelledBy: run.cancelRequestedByUpn,
    notDone: tenants
      .filter((t) => t.status === "cancelled")
      .map((t) => nameOf(t.tenantId))
      .sort(),
    failed: tenants
      .filter((t) => t.status === "failed")
      .map((t) => nameOf(t.tenantId))
      .sort(),
  });
  try {
    await endRun(prisma, runId, run.cancelRequestedAt ? "cancelled" : "completed", summary ?? undefined);
    return true;
  } catch (error) {
    // Two jobs finishing the last tenants together both get here; one ends the run.
    if (error instanceof RunStateError) return false;
    throw error;
  }
}
