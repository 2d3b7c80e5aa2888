// Ending a run once every tenant has ended (status.ts's endStatus): cancelled when someone pressed
// Cancel, succeeded when no tenant failed, failed when nothing was written, partly failed otherwise.
// The run's `error` names the tenants not done or failed, in words.
import type { Prisma, PrismaClient } from "../db/generated/client";
import { recordAutoFixOutcome } from "../guard/auto-fix-outcome";
import { RunStateError } from "./errors";
import { DRIFT_GUARD } from "./kinds";
import { endStatus, OPEN_TENANT_STATUSES, type EndedRunStatus } from "./status";

/**
 * Ends a run that is queued or running. Once ended it is history: it can never move again (a
 * database trigger refuses it), so its summary is written in the same update.
 */
export async function endRun(prisma: PrismaClient, runId: string, status: EndedRunStatus, error?: string | null): Promise<void> {
  const data: Prisma.RemediationRunUpdateManyMutationInput = { status, finishedAt: new Date(), ...(error === undefined ? {} : { error }) };
  const { count } = await prisma.remediationRun.updateMany({ where: { id: runId, status: { in: ["queued", "running"] } }, data });
  if (count === 1) return;
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { status: true } });
  throw new RunStateError(runId, run?.status ?? null, `it cannot become ${status}`);
}

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
  // Whether one is still open, not how many: every tenant's end asks, and a run has thousands.
  if (await prisma.runTenant.findFirst({ where: { runId, status: { in: [...OPEN_TENANT_STATUSES] } }, select: { tenantId: true } })) return false;
  const run = await prisma.remediationRun.findUnique({ where: { id: runId } });
  if (!run || (run.status !== "running" && run.status !== "queued")) return false;
  const tenants = await prisma.runTenant.findMany({
    where: { runId, status: { in: ["succeeded", "failed", "cancelled"] } },
    select: { tenantId: true, status: true, error: true },
  });
  const names = new Map(
    (await prisma.customerTenant.findMany({ where: { id: { in: tenants.map((t) => t.tenantId) } }, select: { id: true, displayName: true } })).map((t) => [
      t.id,
      t.displayName,
    ]),
  );
  const nameOf = (id: string) => names.get(id) ?? id;
  // A run of one tenant by its kind (a policy's button, "Fix all", the partner page): its own words
  // say it best. A bulk run names its tenants, however few had something to write.
  const only = run.kind !== "bulk-fix" && tenants.length === 1 ? tenants[0]! : null;
  const summary = only
    ? only.status === "succeeded"
      ? null
      : only.error
    : runSummary({
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
  const failedTenants = tenants.filter((t) => t.status === "failed").length;
  const appliedChanges = failedTenants === 0 ? 0 : await prisma.remediationChange.count({ where: { runId, result: "applied" } });
  try {
    await endRun(prisma, runId, endStatus({ cancelRequested: run.cancelRequestedAt !== null, failedTenants, appliedChanges }), summary);
    if (run.requestedBySystem === DRIFT_GUARD.system) await recordAutoFixOutcome(prisma, runId, tenants);
    return true;
  } catch (error) {
    // Two jobs finishing the last tenants together both get here; one ends the run.
    if (error instanceof RunStateError) return false;
    throw error;
  }
}
