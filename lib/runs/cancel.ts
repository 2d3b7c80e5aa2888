// Cancel: no write starts after the acknowledgement.
//
// How: cancelRun sets cancelRequestedAt on the run (committed), ends the tenants that have not
// started, and then waits for writes that were already past their last check to get their answer.
// Every write of a run is guarded (lib/graph SendGuard, asked right after the tenant's pacer
// grants the turn): its check registers the write (`writingSince`) in the same statement that
// reads the run's cancel flag under a share lock of the run row. So either the check ran first
// (cancel's update waits for it, then cancel sees the registered write and waits for its answer),
// or cancel's update ran first (the check then sees the flag and refuses). Returning after that
// wait is the acknowledgement.
import type { PrismaClient } from "../db/generated/client";
import type { SendGuard } from "../graph/tenant-graph-contract";
import { RunRefusal } from "./errors";
import { logUnexpected, type Warn } from "./failures";
import { dbNow } from "./heartbeat";
import { finishRunIfDone } from "./finish-run";
import { namedTenantViews } from "./tenant-names";
import { timing, type RunTiming } from "./timing";

export const NOT_STARTED = "Not done: the run was cancelled before this tenant started; nothing was read or written.";

export const NOT_RETRIED = "Not done: the run was cancelled while this tenant waited for its second attempt; its policies show what the first attempt did.";

export function cancelledReason(by: string | null, at: Date | null): string {
  return `Not written: the run was cancelled${by ? ` by ${by}` : ""}${at ? ` at ${at.toISOString()}` : ""}.`;
}

export interface CancelResult {
  acknowledgedAt: Date;
  /** Tenants that were not (fully) done: not started, or stopped part-way. */
  notDone: { tenantId: string; displayName: string; status: string }[];
  /**
   * Writes that were already on their way and still had no answer when cancel stopped waiting
   * (cancelWaitMs); 0 normally. The cancel is recorded either way and no new write starts.
   */
  writesInFlight: number;
  /** A sentence for the person when writesInFlight > 0, else null. */
  note: string | null;
}

/**
 * Cancels a run. A preview nobody confirmed yet is simply discarded (it ends cancelled; nothing was
 * written). A confirmed run stops writing: see the top of this file. Idempotent: cancelling a run
 * already cancelled by someone answers as the first cancel did.
 */
export async function cancelRun(input: { prisma: PrismaClient; runId: string; by: string; timing?: Partial<RunTiming> }): Promise<CancelResult> {
  const { prisma } = input;
  const t = timing(input.timing);
  const runId = input.runId.toLowerCase();
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { status: true, cancelRequestedAt: true } });
  if (!run) throw new RunRefusal("not-found", "No such run.");
  if (run.status === "previewing" || run.status === "previewed" || run.status === "awaiting_approval") {
    const at = new Date();
    const { count } = await prisma.remediationRun.updateMany({
      where: { id: runId, status: run.status },
      data: {
        status: "cancelled",
        cancelRequestedAt: at,
        cancelRequestedByUpn: input.by,
        finishedAt: at,
        error:
          run.status === "awaiting_approval"
            ? `Cancelled by ${input.by} while it waited for approval; nothing was written.`
            : `Discarded by ${input.by} before it was confirmed; nothing was written.`,
      },
    });
    if (count === 1) return { acknowledgedAt: at, notDone: [], writesInFlight: 0, note: null };
    return cancelRun(input); // confirmed or discarded meanwhile: answer for what it is now
  }
  if (run.cancelRequestedAt === null) {
    if (run.status !== "running" && run.status !== "queued") throw new RunRefusal("conflict", `The run has ended (${run.status}); there is nothing to cancel.`);
    const { count } = await prisma.remediationRun.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] }, cancelRequestedAt: null },
      data: { cancelRequestedAt: new Date(), cancelRequestedByUpn: input.by },
    });
    if (count !== 1) {
      const now = await prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true, cancelRequestedAt: true } });
      if (now.cancelRequestedAt === null) throw new RunRefusal("conflict", `The run has ended (${now.status}); there is nothing to cancel.`);
    }
  }
  // A tenant's job claims its row with a conditional update too, so each queued tenant is either
  // ended here or started (and then stopped before its first write by the flag).
  const ended = { status: "cancelled" as const, finishedAt: new Date(), heartbeatAt: null };
  await prisma.runTenant.updateMany({ where: { runId, status: "queued", attempts: 0 }, data: { ...ended, error: NOT_STARTED } });
  await prisma.runTenant.updateMany({ where: { runId, status: "queued", attempts: { gt: 0 } }, data: { ...ended, error: NOT_RETRIED } });

  const deadline = Date.now() + t.cancelWaitMs;
  let writesInFlight = 0;
  for (;;) {
    // Heartbeats are the database's time (heartbeat.ts), so liveness is judged with it too.
    const alive = new Date((await dbNow(prisma)).getTime() - t.staleMs);
    writesInFlight = await prisma.runTenant.count({ where: { runId, status: "running", writingSince: { not: null }, heartbeatAt: { gte: alive } } });
    if (writesInFlight === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The cancel is committed whatever happens here: saying "something went wrong" would be false.
  const note =
    writesInFlight === 0
      ? null
      : `The cancel is recorded and no new write will start, but ${writesInFlight} write(s) already sent to Microsoft had no answer after ${Math.round(t.cancelWaitMs / 1000)} s; the run shows their outcome once they are answered.`;
  const acknowledgedAt = new Date();
  await finishRunIfDone(prisma, runId);

  const open = await prisma.runTenant.findMany({
    where: { runId, status: { in: ["queued", "running", "cancelled"] } },
    select: { tenantId: true, status: true },
  });
  const notDone = await namedTenantViews(prisma, open, (o, displayName) => ({ tenantId: o.tenantId, displayName, status: o.status }));
  return { acknowledgedAt, notDone, writesInFlight, note };
}

export interface TenantClaim {
  runId: string;
  tenantId: string;
  /** The attempt that owns the row (a later attempt's claim makes this one's updates miss). */
  attempt: number;
}

/** Whether someone pressed Cancel on the run (as opposed to any other reason to stop writing). */
export async function cancelRequested(prisma: PrismaClient, runId: string): Promise<boolean> {
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { cancelRequestedAt: true } });
  return run?.cancelRequestedAt != null;
}

/** Why writing must stop for this tenant now, or null: cheap, asked before each policy. */
export async function stopReason(prisma: PrismaClient, claim: TenantClaim): Promise<string | null> {
  const run = await prisma.remediationRun.findUnique({
    where: { id: claim.runId },
    select: { status: true, cancelRequestedAt: true, cancelRequestedByUpn: true },
  });
  if (!run) return "Not written: the run no longer exists.";
  if (run.cancelRequestedAt) return cancelledReason(run.cancelRequestedByUpn, run.cancelRequestedAt);
  if (run.status !== "running") return `Not written: the run is ${run.status}.`;
  return null;
}

export const TAKEN_OVER = "Not written: another attempt has taken over this tenant.";

/** The per-write guard of a run's tenant (see the top of this file). */
export function writeGuard(prisma: PrismaClient, claim: TenantClaim, warn: Warn): SendGuard {
  return {
    async beforeSend() {
      try {
        return await check();
      } catch (error) {
        // Not sending is the safe side; the database's own words stay in the log (they reach history otherwise).
        return `Not written: the check before sending could not be made (error id ${logUnexpected(error, warn, claim)}; see the worker log).`;
      }
    },
    async afterSend() {
      await prisma.runTenant.updateMany({ where: { runId: claim.runId, tenantId: claim.tenantId, attempts: claim.attempt }, data: { writingSince: null } });
    },
  };

  async function check(): Promise<string | null> {
    const registered = await prisma.$executeRaw`
      with run as (
        select id from "RemediationRun"
        where id = ${claim.runId}::uuid and status = 'running' and "cancelRequestedAt" is null
        for share
      )
      update "RunTenant" set "writingSince" = ${new Date()}
      where "runId" in (select id from run) and "tenantId" = ${claim.tenantId}::uuid
        and status = 'running' and attempts = ${claim.attempt}`;
    if (registered === 1) return null;
    return (await stopReason(prisma, claim)) ?? TAKEN_OVER;
  }
}
