// Applies a confirmed preview to one tenant, following DESIGN.md's one flow per policy:
// re-read the live policy -> plan (lib/ca) -> compare with what the preview showed -> record intent
// (`pending`) -> PATCH -> ... and, once for the tenant: re-read every policy (one list) to verify
// -> finish each written row with Graph's answer and the verified `after` -> refresh the snapshots.
//
// A written row is finished only after that verification, because history rows are finished
// exactly once and `after` (and any verification problem) belongs in the same row. A crash between
// a PATCH and the verification therefore leaves `pending` rows, which the next run for the tenant
// (or reconcilePending) settles by re-reading.
import type { ExclusionPlan, PatchBody, PlanOutcome } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import {
  GraphFailure,
  RequestNotSent,
  type GraphPolicy,
  type GraphWriteResult,
  type SendGuard,
  type TenantGraph,
  type TenantProblem,
} from "../graph/tenant-graph-contract";
import { planFor, type FixTarget, type GraphRequest, type RemediationAction } from "./actions";
import { fingerprintChanges, fingerprintParts } from "./fingerprint";
import { errorText, finishPending, graphIds, recordFinished, recordPending, writeOutcomeIsUncertain, type ChangeIntent, type ChangeOutcome } from "./history";
import { withTenantLock } from "./lock";
import { storeSnapshots, type StoreResult } from "../snapshots/store";
import { previewPolicy, targetOf, type PolicyPreview } from "./preview";
import { reconcileLocked, RunStateError, type ReconcileResult } from "./runs";

export interface ApplyItem {
  policyId: string;
  /** The fingerprint the preview showed for this policy. */
  expectedFingerprint: string;
  /** The person ticked this needs-review policy. Ignored for other outcomes. */
  confirmedNeedsReview: boolean;
}

export type ApplyOptions = FixTarget & {
  prisma: PrismaClient;
  graph: TenantGraph;
  /** A run in state `running` (see runs.ts). */
  runId: string;
  items: readonly ApplyItem[];
  /** Wait this long for another engine working on the same tenant (default: refuse at once with TenantBusyError). */
  lockWaitMs?: number;
  /**
   * Asked before each policy is worked on: a reason to write nothing more (e.g. the bulk run was
   * cancelled), or null. The policy and every later one are then recorded `skipped` with that reason.
   */
  shouldStop?: () => Promise<string | null>;
  /** Passed to every PATCH (TenantGraph.patchPolicy): asked again right before the request leaves. */
  sendGuard?: SendGuard;
};

/**
 * - confirmed: the re-read policy now plans `already-excluded`.
 * - not-shown: Graph accepted the write but the re-read policy does not show it (changed again meanwhile?).
 * - policy-gone: the policy is not in the re-read list (deleted meanwhile).
 * - unavailable: the re-read failed; Graph's answer to the write is all there is.
 */
export type Verification = "confirmed" | "not-shown" | "policy-gone" | "unavailable";

export interface ApplyItemResult {
  policyId: string;
  policyName: string;
  /** The history row recording this policy's outcome. */
  changeId: string;
  /** `pending`: the write's outcome is unknown and could not be checked; the next run reconciles it. */
  result: "applied" | "failed" | "skipped" | "pending";
  /** The plan made from the live policy; null when the policy could not be read or planned. */
  plan: ExclusionPlan | null;
  reason: string;
  error: string | null;
  /** lib/graph's problem when the policy failed on a Graph failure (throttled, unavailable…), else null. */
  problem: TenantProblem | null;
  /** The request sent, when one was. */
  request: GraphRequest | null;
  graph: { status: number | null; requestId: string | null; clientRequestId: string | null } | null;
  verification: Verification | null;
  /** The policy as re-read after the writes (for written policies). */
  after: GraphPolicy | null;
  /** The live policy differs from the preview: what changed, and the new preview to show instead. */
  changedSincePreview: { changes: string[]; preview: PolicyPreview } | null;
}

export interface ApplyResult {
  tenantId: string;
  runId: string;
  action: RemediationAction;
  items: ApplyItemResult[];
  /** Pending rows of earlier, interrupted runs settled before this one started. */
  reconciled: ReconcileResult;
  /** The one list request after the writes. */
  reread: { ok: true; policies: number } | { ok: false; error: string };
  /** Why the engine stopped writing part-way (shouldStop or the send guard), else null. */
  stopped: string | null;
  snapshots: StoreResult;
}

/** A PATCH that was sent; its row stays pending until the verification re-read. */
interface SentWrite {
  index: number;
  changeId: string;
  body: PatchBody;
  answer: GraphWriteResult | null;
  /** Set when the request failed in a way that may still have changed the policy. */
  uncertainError: unknown;
}

export const LOCK_LOST =
  "Not written: this engine lost its hold on the tenant (its database connection dropped), so it stopped writing; a later run re-reads and continues.";

export async function applyTenantFix(options: ApplyOptions): Promise<ApplyResult> {
  const { prisma, graph, runId } = options;
  const target = targetOf(options);
  const ids = new Set<string>();
  for (const item of options.items) {
    if (ids.has(item.policyId)) throw new Error(`Policy ${item.policyId} is listed twice; each policy is fixed once per run.`);
    ids.add(item.policyId);
  }
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (run?.status !== "running") throw new RunStateError(runId, run?.status ?? null, "only a running run can record changes");

  return withTenantLock(
    prisma,
    graph.tenantId,
    async (lock) => {
      const reconciled = await reconcileLocked(prisma, graph, [target]);
      const names = await snapshotNames(prisma, graph.tenantId);
      const items: ApplyItemResult[] = [];
      const sent: SentWrite[] = [];
      let stopped: string | null = null;
      // Without the lock another engine may be fixing this tenant: write nothing more, down to a
      // PATCH already waiting for its pacer turn.
      const lockLost = () => (lock.stillHeld() ? null : LOCK_LOST);
      const sendGuard: SendGuard = {
        beforeSend: async () => lockLost() ?? (await options.sendGuard?.beforeSend()) ?? null,
        afterSend: options.sendGuard?.afterSend ? () => options.sendGuard!.afterSend!() : undefined,
      };
      const context = { prisma, graph, runId, target, sendGuard };
      for (const item of options.items) {
        stopped ??= lockLost() ?? (await options.shouldStop?.()) ?? null;
        if (stopped !== null) {
          // Recorded, not silently dropped: history shows every confirmed policy and why it was not written.
          items.push(await notWritten(context, item, names, stopped));
          continue;
        }
        const { result, write, notSent } = await fixPolicy(context, item, names, items.length);
        items.push(result);
        if (write) sent.push(write);
        if (notSent) stopped = notSent;
      }

      let listed: GraphPolicy[] | null = null;
      let reread: ApplyResult["reread"];
      try {
        listed = await graph.listPolicies();
        reread = { ok: true, policies: listed.length };
      } catch (error) {
        reread = { ok: false, error: errorText(error) };
      }
      for (const write of sent) {
        const item = items[write.index];
        if (item) await finishWrite(prisma, target, item, write, listed, reread.ok ? null : reread.error);
      }
      const snapshots =
        listed === null
          ? { skipped: "the policies could not be re-read" }
          : await storeSnapshots(prisma, graph.tenantId, listed, target.action === "exclude-service-provider" ? target.partnerTenantId : null);
      return { tenantId: graph.tenantId, runId, action: target.action, items, reconciled, reread, stopped, snapshots };
    },
    { waitMs: options.lockWaitMs ?? 0 },
  );
}

interface Context {
  prisma: PrismaClient;
  graph: TenantGraph;
  runId: string;
  target: FixTarget;
  sendGuard?: SendGuard;
}

function problemOf(error: unknown): TenantProblem | null {
  return error instanceof GraphFailure ? error.problem : null;
}

/** A confirmed policy the engine did not touch because it was told to stop writing: no Graph call. */
async function notWritten(
  { prisma, graph, runId, target }: Context,
  item: ApplyItem,
  names: ReadonlyMap<string, string>,
  reason: string,
): Promise<ApplyItemResult> {
  const name = names.get(item.policyId) ?? item.policyId;
  const changeId = await recordFinished(
    prisma,
    {
      runId,
      tenantId: graph.tenantId,
      policyId: item.policyId,
      policyName: name,
      action: target.action,
      plannedOutcome: "not-planned",
      reason,
      warnings: [],
      before: null,
      request: null,
    },
    { result: "skipped", reason },
  );
  return {
    policyId: item.policyId,
    policyName: name,
    changeId,
    result: "skipped",
    plan: null,
    reason,
    error: null,
    problem: null,
    request: null,
    graph: null,
    verification: null,
    after: null,
    changedSincePreview: null,
  };
}

async function fixPolicy(
  { prisma, graph, runId, target, sendGuard }: Context,
  item: ApplyItem,
  names: ReadonlyMap<string, string>,
  index: number,
): Promise<{ result: ApplyItemResult; write?: SentWrite; notSent?: string }> {
  const intent = (name: string, plan: ExclusionPlan | null, before: unknown, reason: string, request: GraphRequest | null = null): ChangeIntent => ({
    runId,
    tenantId: graph.tenantId,
    policyId: item.policyId,
    policyName: name,
    action: target.action,
    plannedOutcome: plan?.outcome ?? "not-planned",
    reason,
    warnings: plan?.warnings ?? [],
    before,
    request,
  });
  const finished = async (
    name: string,
    plan: ExclusionPlan | null,
    before: unknown,
    reason: string,
    outcome: ChangeOutcome,
    changedSincePreview: ApplyItemResult["changedSincePreview"] = null,
    problem: TenantProblem | null = null,
  ): Promise<{ result: ApplyItemResult }> => {
    const changeId = await recordFinished(prisma, intent(name, plan, before, reason), { ...outcome, reason });
    return {
      result: {
        policyId: item.policyId,
        policyName: name,
        changeId,
        result: outcome.result,
        plan,
        reason,
        error: outcome.error ?? null,
        problem,
        request: null,
        graph: null,
        verification: null,
        after: null,
        changedSincePreview,
      },
    };
  };

  // 1. Re-read the live policy: never plan from a snapshot or from the preview.
  let live: GraphPolicy;
  try {
    live = await graph.getPolicy(item.policyId);
  } catch (error) {
    const name = names.get(item.policyId) ?? item.policyId;
    return finished(
      name,
      null,
      null,
      "The live policy could not be re-read, so nothing was planned or sent.",
      { result: "failed", error: errorText(error), ...graphIds(error) },
      null,
      problemOf(error),
    );
  }

  // 2. Plan, and compare with what the person saw.
  const preview = previewPolicy(target, live);
  const plan = preview.plan;
  if (plan === null) {
    const reason = preview.error ?? "The policy could not be planned.";
    return finished(live.displayName, null, live, reason, { result: "failed", error: reason });
  }
  const changes = fingerprintChanges(item.expectedFingerprint, fingerprintParts(live, plan));
  const changed = changes.length > 0 ? { changes, preview } : null;
  const changedText = `Changed since the preview: ${changes.join("; ")}.`;

  if (plan.outcome === "already-excluded" || plan.outcome === "not-applicable") {
    const reason = changed ? `${plan.reason} (${changedText} Nothing needs to be sent.)` : plan.reason;
    return finished(live.displayName, plan, live, reason, { result: "skipped" }, changed);
  }
  if (changed) {
    return finished(
      live.displayName,
      plan,
      live,
      `${changedText} Nothing was written; the new plan is shown for review: ${plan.reason}`,
      { result: "skipped" },
      changed,
    );
  }
  if (plan.outcome === "needs-review" && (plan.body === null || preview.request === null)) {
    return finished(live.displayName, plan, live, `Needs review, and no request can be proposed: ${plan.reason}`, { result: "skipped" });
  }
  if (plan.outcome === "needs-review" && !item.confirmedNeedsReview) {
    return finished(live.displayName, plan, live, `Needs review and was not confirmed, so nothing was sent: ${plan.reason}`, { result: "skipped" });
  }
  const request = preview.request;
  if (request === null) {
    return finished(live.displayName, plan, live, `No request was planned: ${plan.reason}`, { result: "skipped" });
  }

  // 3. Record the intent (committed) before the request leaves.
  const changeId = await recordPending(prisma, intent(live.displayName, plan, live, plan.reason, request));
  const result: ApplyItemResult = {
    policyId: item.policyId,
    policyName: live.displayName,
    changeId,
    result: "pending",
    plan,
    reason: plan.reason,
    error: null,
    problem: null,
    request,
    graph: null,
    verification: null,
    after: null,
    changedSincePreview: null,
  };

  // 4. Write.
  try {
    const answer = await graph.patchPolicy(live.id, request.body, sendGuard ? { guard: sendGuard } : undefined);
    result.graph = { status: answer.status, requestId: answer.requestId, clientRequestId: answer.clientRequestId };
    return { result, write: { index, changeId, body: request.body, answer, uncertainError: null } };
  } catch (error) {
    if (error instanceof RequestNotSent) {
      // Certainly not sent (stopped before it left): the pending row ends skipped, with the reason.
      await finishPending(prisma, changeId, { result: "skipped", reason: error.reason });
      result.result = "skipped";
      result.reason = error.reason;
      return { result, notSent: error.reason };
    }
    const ids = graphIds(error);
    result.graph = { status: ids.graphStatus ?? null, requestId: ids.graphRequestId ?? null, clientRequestId: ids.graphClientRequestId ?? null };
    if (writeOutcomeIsUncertain(error)) {
      return { result, write: { index, changeId, body: request.body, answer: null, uncertainError: error } };
    }
    const outcome: ChangeOutcome = { result: "failed", error: errorText(error), ...ids };
    await finishPending(prisma, changeId, outcome);
    result.result = "failed";
    result.error = outcome.error ?? null;
    result.problem = problemOf(error);
    return { result };
  }
}

/** Settles one sent write from the verification list, and finishes its row exactly once. */
async function finishWrite(
  prisma: PrismaClient,
  target: FixTarget,
  item: ApplyItemResult,
  write: SentWrite,
  listed: GraphPolicy[] | null,
  rereadError: string | null,
): Promise<void> {
  const graphAnswer = write.answer
    ? { graphStatus: write.answer.status, graphRequestId: write.answer.requestId, graphClientRequestId: write.answer.clientRequestId }
    : graphIds(write.uncertainError);
  let outcome: ChangeOutcome;
  let verification: Verification;
  const now = listed?.find((policy) => policy.id === item.policyId) ?? null;
  if (listed === null) {
    verification = "unavailable";
    if (write.answer === null) {
      // Unknown whether Graph changed the policy, and no way to look now: leave the row honest.
      item.result = "pending";
      item.verification = verification;
      item.problem = problemOf(write.uncertainError);
      item.error = `${errorText(write.uncertainError)} Whether the change was made could not be checked (re-read failed: ${rereadError}); the next run for this tenant settles it.`;
      return;
    }
    outcome = { result: "applied", error: `Verification: the policies could not be re-read (${rereadError}); Graph accepted the write.` };
  } else if (now === null) {
    verification = "policy-gone";
    outcome = write.answer
      ? { result: "applied", error: "Verification: the policy is no longer in the tenant's policy list (deleted after the write?)." }
      : { result: "failed", error: `${errorText(write.uncertainError)} The policy is no longer in the tenant's policy list.` };
  } else {
    const fresh = outcomeOf(target, now);
    const shown = fresh === "already-excluded";
    verification = shown ? "confirmed" : "not-shown";
    if (write.answer) {
      outcome = {
        result: "applied",
        after: now,
        error: shown
          ? null
          : `Verification: the re-read policy does not show the change (it now plans "${fresh ?? "unreadable"}"); it may have been edited again right after the write.`,
      };
    } else {
      outcome = shown
        ? { result: "applied", after: now, error: `Graph reported a failure (${errorText(write.uncertainError)}), but the re-read policy shows the change.` }
        : { result: "failed", after: now, error: errorText(write.uncertainError) };
    }
  }
  await finishPending(prisma, write.changeId, { ...outcome, ...graphAnswer });
  item.result = outcome.result === "applied" ? "applied" : "failed";
  item.error = outcome.error ?? null;
  item.problem = outcome.result === "failed" ? problemOf(write.uncertainError) : null;
  item.verification = verification;
  item.after = now;
}

function outcomeOf(target: FixTarget, policy: GraphPolicy): PlanOutcome | null {
  try {
    return planFor(target, policy).outcome;
  } catch {
    return null;
  }
}

async function snapshotNames(prisma: PrismaClient, tenantId: string): Promise<Map<string, string>> {
  const rows = await prisma.policySnapshot.findMany({ where: { tenantId }, select: { policyId: true, displayName: true } });
  return new Map(rows.map((row) => [row.policyId, row.displayName]));
}

/** Replaces the tenant's snapshots with the re-read list (upsert each; delete the ones that no longer exist). */
