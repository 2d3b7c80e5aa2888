// The `bulk.tenant-fix` job: one tenant of a bulk run through THE SAME engine as the tenant page's
// Fix all (applyTenantFix: reconcile pending rows, re-read and re-plan each policy, write, verify).
//
// Safe to deliver twice: the job first claims its row (queued, or running with a dead heartbeat),
// and every later update is conditional on the attempt that claimed it, so a second job for the
// same tenant either finds it ended or owned by a live attempt and does nothing. The tenant lock
// (inside applyTenantFix) keeps it apart from any other engine on the tenant, and the engine's
// reconciliation settles what a killed attempt left `pending` by re-reading, so no policy gets a
// second PATCH.
import type { PrismaClient } from "../db/generated/client";
import { preferredAccess } from "../fixes/tenant-access";
import { applyTenantFix, type ApplyItem, type ApplyResult } from "../remediation/apply";
import { countOutcomes, outcomesByPolicy, type PolicyCounts } from "./counts";
import { NOT_STARTED, stopReason, writeGuard, type TenantClaim } from "./cancel";
import type { BulkWorkerDeps } from "./deps";
import { isTransient, problemOf, TRANSIENT_PROBLEMS } from "./failures";
import { finishRunIfDone } from "./finish-run";
import { withHeartbeat } from "./heartbeat";
import { BULK_QUEUES } from "./queue";
import { runTenantJob, storedItems } from "./schemas";
import { timing } from "./timing";

export type TenantFixOutcome = "done" | "failed" | "cancelled" | "retrying" | "not-mine";

/** The tenant's policies by their outcome in this run so far (from history: every attempt counts). */
export async function tenantCounts(prisma: PrismaClient, runId: string, tenantId: string): Promise<{ counts: PolicyCounts; outcomes: Map<string, string> }> {
  const rows = await prisma.remediationChange.findMany({ where: { runId, tenantId }, select: { policyId: true, result: true, createdAt: true } });
  const outcomes = outcomesByPolicy(rows);
  return { counts: countOutcomes(outcomes), outcomes };
}

function failureText(result: ApplyResult, counts: PolicyCounts): string {
  const failed = result.items.filter((i) => i.result === "failed" || i.result === "pending");
  const first = failed[0];
  const what = `${counts.failed} polic${counts.failed === 1 ? "y" : "ies"} failed${counts.pending ? `, ${counts.pending} unconfirmed (pending)` : ""}`;
  return first ? `${what}; first: ${first.policyName}: ${first.error ?? first.reason}` : what;
}

export async function runBulkTenantFix(deps: BulkWorkerDeps, data: unknown): Promise<TenantFixOutcome> {
  const job = runTenantJob.parse(data);
  const { prisma } = deps;
  const t = timing(deps.timing);
  const now = new Date();

  const run = await prisma.remediationRun.findUnique({ where: { id: job.runId }, select: { status: true, options: true, cancelRequestedAt: true } });
  if (run?.status !== "running") return "not-mine"; // ended (its tenants ended with it) or unknown
  const claimed = await prisma.bulkRunTenant.updateMany({
    where: { ...job, status: { in: ["queued", "running"] }, OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now.getTime() - t.staleMs) } }] },
    data: { status: "running", attempts: { increment: 1 }, heartbeatAt: now, writingSince: null },
  });
  if (claimed.count === 0) return "not-mine";
  const row = await prisma.bulkRunTenant.findUniqueOrThrow({ where: { runId_tenantId: job } });
  const claim: TenantClaim = { ...job, attempt: row.attempts };
  const mine = { ...job, status: "running" as const, attempts: claim.attempt };
  if (row.startedAt === null) await prisma.bulkRunTenant.updateMany({ where: mine, data: { startedAt: now } });

  const end = async (status: "done" | "failed" | "cancelled", error: string | null, counts?: PolicyCounts): Promise<TenantFixOutcome> => {
    await prisma.bulkRunTenant.updateMany({ where: mine, data: { status, error, finishedAt: new Date(), heartbeatAt: null, writingSince: null, ...counts } });
    await finishRunIfDone(prisma, job.runId);
    return status;
  };
  const retry = async (reason: string, counts?: PolicyCounts): Promise<TenantFixOutcome> => {
    // Released (heartbeatAt null) so the delayed job can claim it; the reason shows meanwhile.
    await prisma.bulkRunTenant.updateMany({
      where: mine,
      data: { status: "queued", error: `Trying again in ${Math.round(t.retryDelayMs / 1000)} s: ${reason}`, heartbeatAt: null, writingSince: null, queuedAt: new Date(), ...counts },
    });
    await deps.queue.send(BULK_QUEUES.tenantFix, [{ data: job, startAfterMs: t.retryDelayMs }]);
    return "retrying";
  };

  if (claim.attempt > t.maxClaims) {
    const { counts } = await tenantCounts(prisma, job.runId, job.tenantId);
    return end("failed", `Stopped after ${t.maxClaims} attempts: the workers fixing this tenant kept stopping before they finished (see the worker logs).`, counts);
  }
  // Cancelled before this tenant ever started: end it without a single Graph call. (A later
  // attempt still runs the engine, which settles what the earlier one left pending, writing nothing.)
  if (run.cancelRequestedAt && claim.attempt === 1) return end("cancelled", NOT_STARTED);
  if (!deps.partnerTenantId) return end("failed", "PARTNER_TENANT_ID is not configured, so the MSP's exclusion cannot be planned.");

  const allItems: ApplyItem[] = storedItems.parse(row.items);
  return withHeartbeat(
    t.heartbeatMs,
    () => prisma.bulkRunTenant.updateMany({ where: mine, data: { heartbeatAt: new Date() } }),
    async () => {
      // A later attempt redoes only what is not settled yet (a policy already applied or skipped stays so).
      const before = claim.attempt > 1 ? (await tenantCounts(prisma, job.runId, job.tenantId)).outcomes : new Map<string, string>();
      const items = allItems.filter((item) => {
        const outcome = before.get(item.policyId);
        return outcome !== "applied" && outcome !== "skipped";
      });
      let result: ApplyResult;
      try {
        const tenant = await prisma.customerTenant.findUnique({ where: { id: job.tenantId }, select: { accessHealth: true } });
        const graph = await deps.openTenant(job.tenantId, preferredAccess(tenant?.accessHealth ?? null));
        result = await applyTenantFix({
          prisma,
          graph,
          runId: job.runId,
          action: "exclude-service-provider",
          partnerTenantId: deps.partnerTenantId!,
          items,
          lockWaitMs: t.lockWaitMs,
          shouldStop: () => stopReason(prisma, claim),
          sendGuard: writeGuard(prisma, claim),
        });
      } catch (error) {
        const { message } = problemOf(error);
        const { counts } = await tenantCounts(prisma, job.runId, job.tenantId);
        if (isTransient(error) && claim.attempt < t.maxAttempts && !(await stopReason(prisma, claim))) return retry(message, counts);
        return end("failed", message, counts);
      }
      const { counts } = await tenantCounts(prisma, job.runId, job.tenantId);
      if (result.stopped !== null) {
        const notWritten = result.items.filter((i) => i.result === "skipped" && i.reason === result.stopped).length;
        if (notWritten > 0) return end("cancelled", `Partly done: ${notWritten} polic${notWritten === 1 ? "y was" : "ies were"} not written because ${result.stopped.replace(/^Not written: /, "").replace(/\.$/, "")}.`, counts);
      }
      if (counts.failed === 0 && counts.pending === 0) return end("done", null, counts);
      const transient = result.items.some((i) => i.result === "pending" || (i.result === "failed" && i.problem !== null && TRANSIENT_PROBLEMS.has(i.problem)));
      if (transient && claim.attempt < t.maxAttempts && !(await stopReason(prisma, claim))) return retry(failureText(result, counts), counts);
      return end("failed", failureText(result, counts), counts);
    },
    (error) => deps.warn({ err: error, ...job }, "bulk tenant fix heartbeat failed"),
  );
}
