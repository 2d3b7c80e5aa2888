// The `run.tenant` job: one tenant of a confirmed run through the remediation engine (applyTenantFix:
// settle pending rows, re-read and re-plan each item, write, verify), for every kind of run.
//
// Safe to deliver twice: the job first claims its row (queued, or running with a dead heartbeat),
// and every later update is conditional on the attempt that claimed it, so a second job for the
// same tenant either finds it ended or owned by a live attempt and does nothing. The tenant lock
// (inside applyTenantFix) keeps it apart from any other engine on the tenant, and the engine's
// reconciliation settles what a killed attempt left `pending` by re-reading, so no policy gets a
// second write. Authorization and the target are checked again here, when the job runs.
import type { PrismaClient } from "../db/generated/client";
import { allows } from "../auth/roles";
import { describeScope, inScope, loadScope } from "../auth/scope";
import { proveAfterRun, storedScenariosJson } from "../proof";
import { applyItems, applyTenantFix, fixTarget, type ApplyItem, type ApplyResult } from "../remediation";
import { countOutcomes, itemKey, outcomesByPolicy, type PolicyCounts } from "./counts";
import { cancelRequested, NOT_RETRIED, NOT_STARTED, stopReason, TAKEN_OVER, writeGuard, type TenantClaim } from "./cancel";
import type { RunWorkerDeps } from "./deps";
import { isTransient, logUnexpected, problemOf, TRANSIENT_PROBLEMS } from "./failures";
import { resyncTouchedTenant } from "./resync-after";
import { finishRunIfDone } from "./finish-run";
import { autoFixProblem } from "../guard/auto-fix-check";
import { DRIFT_GUARD } from "./kinds";
import { claimedTenantFacts, gdapRolesOf, gdapRunRefusal } from "./gdap-gate";
import { dbNow, withHeartbeat } from "./heartbeat";
import { preferredAccess } from "./open-tenant";
import { readOnlyGdapRunRefusal } from "./read-only-gdap";
import { RUN_QUEUES, tenantJob } from "./queue";
import { PARTNER_RUN_KIND } from "./scope";
import { targetProblem } from "./target";
import { timing } from "./timing";

export type TenantJobOutcome = "succeeded" | "failed" | "cancelled" | "retrying" | "not-mine";

/** The tenant's policies by their outcome in this run so far (from history: every attempt counts). */
export async function tenantCounts(prisma: PrismaClient, runId: string, tenantId: string): Promise<{ counts: PolicyCounts; outcomes: Map<string, string> }> {
  const rows = await prisma.remediationChange.findMany({
    where: { runId, tenantId },
    select: { policyId: true, policyName: true, result: true, createdAt: true },
  });
  const outcomes = outcomesByPolicy(rows);
  return { counts: countOutcomes(outcomes), outcomes };
}

function failureText(result: ApplyResult, counts: PolicyCounts): string {
  const failed = result.items.filter((i) => i.result === "failed" || i.result === "pending");
  const first = failed[0];
  const what = `${counts.failed} polic${counts.failed === 1 ? "y" : "ies"} failed${counts.pending ? `, ${counts.pending} unconfirmed (pending)` : ""}`;
  return first ? `${what}; first: ${first.policyName}: ${first.error ?? first.reason}` : what;
}

/**
 * Why the person who asked may no longer have this run done on this tenant (their account disabled,
 * their role taken away, the tenant no longer in their scope), or null.
 */
async function requesterProblem(
  prisma: PrismaClient,
  run: { kind: string; requestedById: string | null; requestedBySystem: string | null; requestedByUpn: string; approvedById: string | null },
  tenantId: string,
): Promise<string | null> {
  if (run.requestedBySystem === DRIFT_GUARD.system) return autoFixProblem(prisma, run.approvedById, tenantId);
  if (run.requestedBySystem !== null || run.requestedById === null) return null;
  const user = await prisma.portalUser.findUnique({ where: { id: run.requestedById }, select: { role: true, disabled: true } });
  if (!user || user.disabled) return `Not done: ${run.requestedByUpn}, who asked for this run, can no longer sign in to the portal.`;
  if (!allows(user.role, "operator")) return `Not done: ${run.requestedByUpn}, who asked for this run, no longer holds the operator role.`;
  const scope = await loadScope(prisma, run.requestedById);
  if (run.kind === PARTNER_RUN_KIND ? !scope.all : !inScope(scope, tenantId)) {
    return `Not done: this tenant is no longer in the tenant scope of ${run.requestedByUpn}, who asked for this run (now ${describeScope(scope)}).`;
  }
  return null;
}

/**
 * The engine's check before each item, without a read before the first one when the job's own read
 * of the cancel flag (moments before, after its claim) found none: a cancel since then is still
 * caught before anything is written, by the write guard's check right before the request leaves,
 * which records the item skipped with the same reason. One statement less per tenant of a bulk run.
 */
function firstItemUnchecked(cancelledBeforeStart: boolean, check: () => Promise<string | null>): () => Promise<string | null> {
  let first = !cancelledBeforeStart;
  return async () => {
    if (first) {
      first = false;
      return null;
    }
    return check();
  };
}

export async function runTenantJob(deps: RunWorkerDeps, data: unknown): Promise<TenantJobOutcome> {
  const job = tenantJob.parse(data);
  const { prisma } = deps;
  const t = timing(deps.timing);
  // Claimed, started and read in one statement (one per tenant of a bulk run counts): its items (not
  // the stored preview: whole policies), the run as it is now, the database's clock and the sign-in
  // scenarios (for the proof after the run, lib/proof). Only while the run is queued or running:
  // ended, not confirmed or unknown, it is not this job's (its tenants ended with it). The columns are `timestamp(3)` in UTC, as Prisma keeps them and the heartbeat writes them.
  const claimed = await prisma.$queryRaw<
    {
      attempts: number;
      items: unknown;
      now: Date;
      kind: string;
      status: string;
      target: unknown;
      requestedById: string | null;
      requestedBySystem: string | null;
      requestedByUpn: string;
      approvedById: string | null;
      scenarios: unknown;
    }[]
  >`
    update "RunTenant" as t set status = 'running', attempts = t.attempts + 1, "heartbeatAt" = now() at time zone 'UTC', "writingSince" = null,
      "startedAt" = coalesce(t."startedAt", now() at time zone 'UTC')
    from "RemediationRun" as r
    where r.id = ${job.runId}::uuid and r.status in ('queued', 'running')
      and t."runId" = r.id and t."tenantId" = ${job.tenantId}::uuid and t.status in ('queued', 'running')
      and (t."heartbeatAt" is null or t."heartbeatAt" < now() at time zone 'UTC' - make_interval(secs => ${t.staleMs / 1000}::float8))
    returning t.attempts, t.items, now() as now, r.kind::text as kind, r.status::text as status, r.target,
      r."requestedById"::text as "requestedById", r."requestedBySystem", r."requestedByUpn", r."approvedById"::text as "approvedById",
      ${storedScenariosJson} as scenarios`;
  const row = claimed[0];
  if (!row) return "not-mine";
  const { now, scenarios, ...run } = row;
  // The first tenant to start starts the run.
  if (run.status === "queued")
    await prisma.remediationRun.updateMany({ where: { id: job.runId, status: "queued" }, data: { status: "running", startedAt: now } });
  const claim: TenantClaim = { ...job, attempt: row.attempts };
  const mine = { ...job, status: "running" as const, attempts: claim.attempt };

  // The tenant's access and GDAP, read once (for the checks below, the opening, and the resync after
  // the end), with the run's cancel flag, read after the claim committed, not with it: a cancel
  // committed while the claim ran is not in the claim's snapshot, and cancel's own update of queued
  // rows then misses this one (running by then).
  const { cancelRequested: cancelledBeforeStart, ...facts } = await claimedTenantFacts(prisma, deps.partnerTenantId, job);
  const end = async (status: "succeeded" | "failed" | "cancelled", error: string | null, counts?: PolicyCounts): Promise<TenantJobOutcome> => {
    await prisma.runTenant.updateMany({ where: mine, data: { status, error, finishedAt: new Date(), heartbeatAt: null, writingSince: null, ...counts } });
    await finishRunIfDone(prisma, job.runId);
    // Where something was written, the tenant is read again (access, counts) so every view is fresh;
    // a failure here never fails the run's job. Nothing written (cancelled, refused): nothing to refresh.
    if ((counts?.applied ?? 0) > 0) {
      await resyncTouchedTenant(deps.queue, job, facts).catch((err: unknown) => deps.warn({ err, ...job }, "could not queue the tenant's sync after its run"));
    }
    return status;
  };
  const retry = async (reason: string, counts?: PolicyCounts): Promise<TenantJobOutcome> => {
    if (counts) await prisma.runTenant.updateMany({ where: mine, data: counts });
    // Released (heartbeatAt null) so the delayed job can claim it; the reason shows meanwhile. Only
    // while the run is not cancelled, under a share lock of the run row (as the write guard): either
    // cancel's update comes after this one and ends the queued row itself, or this one sees the flag.
    // Unconditional, a cancel committed just before would be followed by a second attempt.
    const error = `Trying again in ${Math.round(t.retryDelayMs / 1000)} s: ${reason}`;
    const queuedAt = await dbNow(prisma);
    const requeued = await prisma.$executeRaw`
      with run as (
        select id from "RemediationRun"
        where id = ${job.runId}::uuid and status = 'running' and "cancelRequestedAt" is null
        for share
      )
      update "RunTenant" set status = 'queued', error = ${error}, "heartbeatAt" = null, "writingSince" = null, "queuedAt" = ${queuedAt}
      where "runId" in (select id from run) and "tenantId" = ${job.tenantId}::uuid
        and status = 'running' and attempts = ${claim.attempt}`;
    if (requeued === 1) {
      await deps.queue.send(RUN_QUEUES.tenant, [{ data: job, startAfterMs: t.retryDelayMs }]);
      return "retrying";
    }
    if (await cancelRequested(prisma, job.runId)) return end("cancelled", NOT_RETRIED, counts);
    return end("failed", reason, counts); // the run ended some other way (or the row is no longer this attempt's: then this misses)
  };

  if (claim.attempt > t.maxClaims) {
    const { counts } = await tenantCounts(prisma, job.runId, job.tenantId);
    // Not settled here: that needs the tenant lock and Graph, which is what kept failing.
    const unsettled =
      counts.pending > 0 ? ` ${counts.pending} change(s) they left unconfirmed (pending) are settled by re-reading at the next fix of this tenant.` : "";
    return end(
      "failed",
      `Stopped after ${t.maxClaims} attempts: the workers fixing this tenant kept stopping before they finished (see the worker logs).${unsettled}`,
      counts,
    );
  }
  // Cancelled before this tenant ever started: end it without a single Graph call (else this job would
  // open the tenant after the person was told the run was cancelled). A later attempt still runs the
  // engine, which settles what the earlier one left pending, writing nothing.
  if (claim.attempt === 1 && cancelledBeforeStart) return end("cancelled", NOT_STARTED);
  const target = fixTarget.parse(run.target);
  const asked = { ...job, requestedByUpn: run.requestedByUpn };
  const refused =
    (await requesterProblem(prisma, run, job.tenantId)) ??
    (await targetProblem(prisma, deps.partnerTenantId, target)) ??
    (await gdapRunRefusal(prisma, facts.gdap, asked));
  if (refused !== null) return end("failed", refused);

  // Only confirmRun writes items; should they not read, the tenant fails saying so rather than being claimed again and again.
  const parsed = applyItems.safeParse(row.items ?? []);
  if (!parsed.success)
    return end(
      "failed",
      `Not done: the confirmed items of this tenant could not be read (error id ${logUnexpected(parsed.error, deps.warn, job)}); preview again.`,
    );
  const allItems: ApplyItem[] = parsed.data;
  return withHeartbeat(
    prisma,
    t.heartbeatMs,
    { kind: "fix", ...job, attempt: claim.attempt },
    async () => {
      // A later attempt redoes only what is not settled yet (an item already applied or skipped stays so).
      const before = claim.attempt > 1 ? (await tenantCounts(prisma, job.runId, job.tenantId)).outcomes : new Map<string, string>();
      const items = allItems.filter((item) => {
        const outcome = before.get(itemKey(item, target));
        return outcome !== "applied" && outcome !== "skipped";
      });
      let result: ApplyResult;
      try {
        const graph = await deps.openTenant(job.tenantId, preferredAccess(facts.accessHealth));
        // Again with how the tenant was just opened: GDAP may have ended since the last sync.
        const gdapEnded = await gdapRunRefusal(prisma, facts.gdap, asked, graph);
        if (gdapEnded !== null) return end("failed", gdapEnded, (await tenantCounts(prisma, job.runId, job.tenantId)).counts);
        // And its GDAP roles as the last sync read them: reader roles only means Graph would refuse every write with 403.
        const readOnly = await readOnlyGdapRunRefusal(prisma, facts.gdap, asked, graph);
        if (readOnly !== null) return end("failed", readOnly, (await tenantCounts(prisma, job.runId, job.tenantId)).counts);
        result = await applyTenantFix({
          prisma,
          graph,
          runId: job.runId,
          target,
          items,
          lockWaitMs: t.lockWaitMs,
          shouldStop: firstItemUnchecked(cancelledBeforeStart, () => stopReason(prisma, claim)),
          sendGuard: writeGuard(prisma, claim, deps.warn),
        });
        // Proof of access (lib/proof): after the MSP's exclusion was written, Graph's What If says whether it now gets in.
        if (target.action === "exclude-service-provider" && result.items.some((i) => i.result === "applied")) {
          await proveAfterRun({
            prisma,
            graph,
            tenantId: job.tenantId,
            runId: job.runId,
            partnerTenantId: target.partnerTenantId,
            gdapRoles: gdapRolesOf(facts.gdap),
            storedScenarios: scenarios,
            warn: deps.warn,
          });
        }
      } catch (error) {
        const { message } = problemOf(error, deps.warn, job);
        const { counts } = await tenantCounts(prisma, job.runId, job.tenantId);
        if (isTransient(error) && claim.attempt < t.maxAttempts && !(await stopReason(prisma, claim))) return retry(message, counts);
        return end("failed", message, counts);
      }
      // A first attempt's rows are its items' (one outcome each; a write retried on /beta counts once,
      // as outcomesByPolicy counts it): counted from the result, not read back. A later attempt
      // counts what earlier ones recorded too.
      const counts =
        claim.attempt === 1
          ? countOutcomes(new Map(result.items.map((i) => [itemKey(i, target), i.result])))
          : (await tenantCounts(prisma, job.runId, job.tenantId)).counts;
      if (result.stopped !== null) {
        const notWritten = result.items.filter((i) => i.result === "skipped" && i.reason === result.stopped).length;
        const why = result.stopped.replace(/^Not written: /, "").replace(/\.$/, "");
        const policies = `${notWritten} polic${notWritten === 1 ? "y was" : "ies were"} not written`;
        // `cancelled` only when someone pressed Cancel: any other stop (the check before a write
        // failed, the run ended otherwise) is a failure, which the summary lists and "retry failed" offers.
        if (await cancelRequested(prisma, job.runId)) {
          // "Partly" only when something of this tenant was written before the cancel.
          if (notWritten > 0) return end("cancelled", `${counts.applied > 0 ? "Partly" : "Not"} done: ${policies} because ${why}.`, counts);
        } else if (result.stopped === TAKEN_OVER) {
          return "not-mine"; // a later attempt owns the row and ends it
        } else if (notWritten > 0) {
          const stoppedText = `${policies}: ${why}.`;
          return end("failed", counts.failed + counts.pending > 0 ? `${failureText(result, counts)}; ${stoppedText}` : stoppedText, counts);
        }
      }
      if (counts.failed === 0 && counts.pending === 0) return end("succeeded", null, counts);
      const transient = result.items.some((i) => i.result === "pending" || (i.result === "failed" && i.problem !== null && TRANSIENT_PROBLEMS.has(i.problem)));
      if (transient && claim.attempt < t.maxAttempts && !(await stopReason(prisma, claim))) return retry(failureText(result, counts), counts);
      return end("failed", failureText(result, counts), counts);
    },
    (error) => deps.warn({ err: error, ...job }, "run tenant heartbeat failed"),
  );
}
