// Applies a confirmed preview to one tenant, following one flow per item for every action:
// re-read the live policy -> plan (lib/ca) -> compare with what the preview showed -> record intent
// (`pending`) -> write (PATCH or POST; the dedicated policy's once more on /beta when v1.0 refuses
// "every time") -> ... and, once for the tenant: re-read every policy (one list) to verify -> finish
// each written row with Graph's answer and the verified `after` -> refresh the snapshots.
//
// A written row is finished only after that verification, because history rows are finished
// exactly once and `after` (and any verification problem) belongs in the same row. A crash between
// a write and the verification therefore leaves `pending` rows, which the next engine on the tenant
// (reconcile.ts) settles by re-reading before it writes anything.
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
import { findDedicatedPolicy } from "../ca";
import { betaPath, isDedicatedPolicyAction, type FixTarget, type GraphRequest, type RemediationAction, type ServiceAccountSubject } from "./actions";
import { BETA_RETRY_NOTE, isEveryTimeRefusal, liveDedicatedPolicy, SECURITY_DEFAULTS_EXPLANATION, type DedicatedTarget } from "./dedicated-policy";
import { fingerprintChanges, parseFingerprint } from "./fingerprint";
import { errorText, finishPending, graphIds, recordFinished, recordPending, writeOutcomeIsUncertain, type ChangeIntent, type ChangeOutcome } from "./history";
import type { ApplyItem, PolicyPreview } from "./items";
import { withTenantLock } from "./lock";
import { previewPolicy } from "./preview";
import { reconcileLocked, type ReconcileResult } from "./reconcile";
import { storeSnapshots, type StoreResult } from "../snapshots/store";
import { showsChange } from "./verify";

export type ApplyOptions = {
  prisma: PrismaClient;
  graph: TenantGraph;
  /** A run in state `running` (lib/runs). */
  runId: string;
  target: FixTarget;
  items: readonly ApplyItem[];
  /** Wait this long for another engine working on the same tenant (default: refuse at once with TenantBusyError). */
  lockWaitMs?: number;
  /**
   * Asked before each item is worked on: a reason to write nothing more (e.g. the run was
   * cancelled), or null. The item and every later one are then recorded `skipped` with that reason.
   */
  shouldStop?: () => Promise<string | null>;
  /** Passed to every write: asked again right before the request leaves (after the tenant's pacer granted its turn). */
  sendGuard?: SendGuard;
};

/**
 * - confirmed: the re-read policy shows the change (verify.ts's showsChange).
 * - not-shown: Graph accepted the write but the re-read policy does not show it (changed again meanwhile?).
 * - policy-gone: the policy is not in the re-read list (deleted meanwhile).
 * - unavailable: the re-read failed; Graph's answer to the write is all there is.
 */
export type Verification = "confirmed" | "not-shown" | "policy-gone" | "unavailable";

export interface ApplyItemResult {
  /** null: a dedicated policy to create (its id, once made, is in `after`). */
  policyId: string | null;
  policyName: string;
  /** The history row recording this item's outcome (the last one, when the write was retried on /beta). */
  changeId: string;
  /** `pending`: the write's outcome is unknown and could not be checked; the next engine on the tenant settles it. */
  result: "applied" | "failed" | "skipped" | "pending";
  /** The plan's outcome from the live policy; null when the policy could not be read or planned. */
  outcome: string | null;
  reason: string;
  error: string | null;
  /** lib/graph's problem when the item failed on a Graph failure (throttled, unavailable…), else null. */
  problem: TenantProblem | null;
  /** The request sent, when one was (its path starts with /beta when it went there). */
  request: GraphRequest | null;
  graph: { status: number | null; requestId: string | null; clientRequestId: string | null } | null;
  verification: Verification | null;
  /** The policy as re-read after the writes (for written items). */
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

/** A write that was sent; its row stays pending until the verification re-read. */
interface SentWrite {
  index: number;
  changeId: string;
  answer: GraphWriteResult | null;
  /** Set when the request failed in a way that may still have changed the policy. */
  uncertainError: unknown;
}

export const LOCK_LOST =
  "Not written: this engine lost its hold on the tenant (its database connection dropped), so it stopped writing; a later run re-reads and continues.";

export async function applyTenantFix(options: ApplyOptions): Promise<ApplyResult> {
  const { prisma, graph, runId, target } = options;
  const ids = new Set<string | null>();
  for (const item of options.items) {
    if (ids.has(item.policyId)) throw new Error(`Policy ${item.policyId ?? "(to create)"} is listed twice; each policy is changed once per run.`);
    if (item.policyId === null && target.action !== "create-service-account-policy") throw new Error("Only a create names no policy.");
    ids.add(item.policyId);
  }
  return withTenantLock(
    prisma,
    graph.tenantId,
    async (lock) => {
      const start = await engineStart(prisma, runId, graph.tenantId);
      if (start.runStatus !== "running") throw new RunNotRunningError(runId, start.runStatus);
      // Pending rows are written only under this lock, so none can appear while it is held.
      const reconciled: ReconcileResult = start.pending ? await reconcileLocked(prisma, graph) : { finished: [], stillPending: [] };
      const names = snapshotNames(prisma, graph.tenantId);
      const items: ApplyItemResult[] = [];
      const sent: SentWrite[] = [];
      let stopped: string | null = null;
      // Without the lock another engine may be working on this tenant: write nothing more, down to a
      // request already waiting for its pacer turn.
      const lockLost = () => (lock.stillHeld() ? null : LOCK_LOST);
      const sendGuard: SendGuard = {
        beforeSend: async () => lockLost() ?? (await options.sendGuard?.beforeSend()) ?? null,
        afterSend: options.sendGuard?.afterSend ? () => options.sendGuard!.afterSend!() : undefined,
      };
      const context: Context = { prisma, graph, runId, target, sendGuard };
      for (const item of options.items) {
        stopped ??= lockLost() ?? (await options.shouldStop?.()) ?? null;
        if (stopped !== null) {
          // Recorded, not silently dropped: history shows every confirmed item and why it was not written.
          items.push(await notWritten(context, item, names, stopped));
          continue;
        }
        const { result, write, notSent } = await fixItem(context, item, names, items.length);
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
          : await storeSnapshots(
              prisma,
              graph.tenantId,
              listed,
              target.action === "exclude-service-provider" || target.action === "restore-before" ? target.partnerTenantId : null,
              {
                seenBy: "run",
                runId,
              },
            );
      return { tenantId: graph.tenantId, runId, action: target.action, items, reconciled, reread, stopped, snapshots };
    },
    { waitMs: options.lockWaitMs ?? 0 },
  );
}

/** The engine refuses to record changes for a run that is not running (lib/runs moves it there). */
export class RunNotRunningError extends Error {
  constructor(
    readonly runId: string,
    readonly status: string | null,
  ) {
    super(status === null ? `Remediation run ${runId} does not exist.` : `Remediation run ${runId} is ${status}; only a running run can record changes.`);
    this.name = "RunNotRunningError";
  }
}

interface Context {
  prisma: PrismaClient;
  graph: TenantGraph;
  runId: string;
  target: FixTarget;
  sendGuard: SendGuard;
}

function problemOf(error: unknown): TenantProblem | null {
  return error instanceof GraphFailure ? error.problem : null;
}

function emptyResult(item: ApplyItem, name: string, changeId: string): ApplyItemResult {
  return {
    policyId: item.policyId,
    policyName: name,
    changeId,
    result: "skipped",
    outcome: null,
    reason: "",
    error: null,
    problem: null,
    request: null,
    graph: null,
    verification: null,
    after: null,
    changedSincePreview: null,
  };
}

/** A confirmed item the engine did not touch because it was told to stop writing: no Graph call. */
async function notWritten({ prisma, graph, runId, target }: Context, item: ApplyItem, names: SnapshotNames, reason: string): Promise<ApplyItemResult> {
  const name = await nameOf(item, names, target);
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
  return { ...emptyResult(item, name, changeId), reason };
}

async function nameOf(item: ApplyItem, names: SnapshotNames, target: FixTarget): Promise<string> {
  if (item.policyId !== null) return (await names()).get(item.policyId) ?? item.policyId;
  return isDedicatedPolicyAction(target.action) ? (target as DedicatedTarget).dedicatedPolicy.dedicatedPolicyName : "(new policy)";
}

/** Reads what the item is planned from: the policy itself, or (for a create) whichever dedicated policy exists. */
async function readLive(graph: TenantGraph, target: FixTarget, item: ApplyItem): Promise<GraphPolicy | null> {
  if (item.policyId !== null) return graph.getPolicy(item.policyId);
  return liveDedicatedPolicy(target as DedicatedTarget, await graph.listPolicies());
}

/**
 * Whether a policy is the account's dedicated policy by the preview's rule (liveDedicatedPolicy over
 * the tenant's policies: the stored id wins, else the oldest policy with the name). Matching the one
 * policy alone would also take a renamed-away id's namesake, or a newer policy with the same name,
 * for it: the preview offers those, and the exclusion would then never be written to them. Only a
 * match by name needs the list.
 */
async function isDedicatedPolicy(graph: TenantGraph, target: ServiceAccountSubject, live: GraphPolicy): Promise<boolean> {
  const found = findDedicatedPolicy([live], target.dedicatedPolicy);
  if (found === null) return false;
  if (found.foundBy === "id") return true;
  return liveDedicatedPolicy(target, await graph.listPolicies())?.id === live.id;
}

async function fixItem(
  context: Context,
  item: ApplyItem,
  names: SnapshotNames,
  index: number,
): Promise<{ result: ApplyItemResult; write?: SentWrite; notSent?: string }> {
  const { prisma, graph, runId, target } = context;
  const intent = (name: string, preview: PolicyPreview | null, before: unknown, reason: string, request: GraphRequest | null = null): ChangeIntent => ({
    runId,
    tenantId: graph.tenantId,
    policyId: item.policyId,
    policyName: name,
    action: target.action,
    plannedOutcome: preview?.outcome ?? "not-planned",
    reason,
    warnings: preview?.warnings ?? [],
    before,
    request,
  });
  const finished = async (
    name: string,
    preview: PolicyPreview | null,
    before: unknown,
    reason: string,
    outcome: ChangeOutcome,
    changedSincePreview: ApplyItemResult["changedSincePreview"] = null,
    problem: TenantProblem | null = null,
  ): Promise<{ result: ApplyItemResult }> => {
    const changeId = await recordFinished(prisma, intent(name, preview, before, reason), { ...outcome, reason });
    const result = emptyResult(item, name, changeId);
    return {
      result: {
        ...result,
        result: outcome.result,
        outcome: preview && preview.outcome !== "unreadable" ? preview.outcome : null,
        reason,
        error: outcome.error ?? null,
        problem,
        changedSincePreview,
      },
    };
  };

  // 1. Re-read the live policy: never plan from a snapshot or from the preview.
  let live: GraphPolicy | null;
  let dedicated = false;
  try {
    live = await readLive(graph, target, item);
    dedicated = target.action === "exclude-service-account" && live !== null && (await isDedicatedPolicy(graph, target, live));
  } catch (error) {
    return finished(
      await nameOf(item, names, target),
      null,
      null,
      "The live policy could not be re-read, so nothing was planned or sent.",
      { result: "failed", error: errorText(error), ...graphIds(error) },
      null,
      problemOf(error),
    );
  }
  const name = live?.displayName ?? (await nameOf(item, names, target));
  if (dedicated) {
    return finished(name, null, live, "This is the service account's dedicated policy: the exclusion never touches it.", { result: "skipped" });
  }

  // 2. Plan, and compare with what the person saw.
  const preview = previewPolicy(target, live, name);
  if (preview.outcome === "unreadable") return finished(name, null, live, preview.reason, { result: "failed", error: preview.reason });
  const changes = fingerprintChanges(target.action, item.expectedFingerprint, parseFingerprint(preview.fingerprint)!);
  const changed = changes.length > 0 ? { changes, preview } : null;
  const changedText = `Changed since the preview: ${changes.join("; ")}.`;

  if (preview.request === null) {
    const settled = ["already-excluded", "not-applicable", "exists", "no-drift", "already-enforced"].includes(preview.outcome);
    if (settled)
      return finished(
        name,
        preview,
        live,
        changed ? `${preview.reason} (${changedText} Nothing needs to be sent.)` : preview.reason,
        { result: "skipped" },
        changed,
      );
    if (changed) return finished(name, preview, live, `${changedText} Nothing was written: ${preview.reason}`, { result: "skipped" }, changed);
    const why =
      preview.outcome === "needs-review" ? `Needs review, and no request can be proposed: ${preview.reason}` : `No request was planned: ${preview.reason}`;
    return finished(name, preview, live, why, { result: "skipped" });
  }
  if (changed) {
    return finished(
      name,
      preview,
      live,
      `${changedText} Nothing was written; the new plan is shown for review: ${preview.reason}`,
      { result: "skipped" },
      changed,
    );
  }
  if (preview.requiresConfirmation && !item.confirmedNeedsReview) {
    return finished(name, preview, live, `Needs review and was not confirmed, so nothing was sent: ${preview.reason}`, { result: "skipped" });
  }
  return send(context, item, preview, live, name, index, intent);
}

/** 3. Record the intent (committed) before the request leaves; 4. send it (once more on /beta when v1.0 refuses "every time"). */
async function send(
  { prisma, graph, target, sendGuard }: Context,
  item: ApplyItem,
  preview: PolicyPreview,
  live: GraphPolicy | null,
  name: string,
  index: number,
  intent: (name: string, preview: PolicyPreview | null, before: unknown, reason: string, request?: GraphRequest | null) => ChangeIntent,
): Promise<{ result: ApplyItemResult; write?: SentWrite; notSent?: string }> {
  const request = preview.request!;
  const retryOnBeta = isDedicatedPolicyAction(target.action);
  let note: string | null = null;
  for (const apiVersion of ["v1.0", "beta"] as const) {
    const recorded: GraphRequest = apiVersion === "beta" ? { ...request, path: betaPath(request.path) } : request;
    const reason = note ? `${preview.reason} Sent through /beta: ${note}.` : preview.reason;
    const changeId = await recordPending(prisma, intent(name, preview, live, reason, recorded));
    const result: ApplyItemResult = { ...emptyResult(item, name, changeId), result: "pending", outcome: preview.outcome, reason, request: recorded };
    try {
      const options = { guard: sendGuard, apiVersion };
      const answer =
        request.method === "POST" ? await graph.createPolicy(request.body, options) : await graph.patchPolicy(item.policyId!, request.body, options);
      result.graph = { status: answer.status, requestId: answer.requestId, clientRequestId: answer.clientRequestId };
      return { result, write: { index, changeId, answer, uncertainError: null } };
    } catch (error) {
      if (error instanceof RequestNotSent) {
        // Certainly not sent (stopped before it left): the pending row ends skipped, with the reason.
        await finishPending(prisma, changeId, { result: "skipped", reason: error.reason });
        return { result: { ...result, result: "skipped", reason: error.reason }, notSent: error.reason };
      }
      const ids = graphIds(error);
      result.graph = { status: ids.graphStatus ?? null, requestId: ids.graphRequestId ?? null, clientRequestId: ids.graphClientRequestId ?? null };
      if (writeOutcomeIsUncertain(error)) return { result, write: { index, changeId, answer: null, uncertainError: error } };
      const text = problemOf(error) === "security-defaults" ? `${SECURITY_DEFAULTS_EXPLANATION} (${errorText(error)})` : errorText(error);
      await finishPending(prisma, changeId, { result: "failed", error: text, ...ids });
      if (retryOnBeta && apiVersion === "v1.0" && isEveryTimeRefusal(error)) {
        note = BETA_RETRY_NOTE;
        continue;
      }
      return { result: { ...result, result: "failed", error: text, problem: problemOf(error) } };
    }
  }
  throw new Error("send: the /beta attempt always returns");
}

/** The policy a write made or changed, in the re-read list (a create is found by its new id, else as the dedicated policy). */
function writtenPolicy(target: FixTarget, item: ApplyItemResult, write: SentWrite, listed: readonly GraphPolicy[]): GraphPolicy | null {
  if (item.policyId !== null) return listed.find((policy) => policy.id === item.policyId) ?? null;
  const createdId = (write.answer?.body as { id?: unknown } | null)?.id;
  if (typeof createdId === "string") return listed.find((policy) => policy.id === createdId) ?? null;
  return liveDedicatedPolicy(target as DedicatedTarget, listed);
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
  const now = listed === null ? null : writtenPolicy(target, item, write, listed);
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
    outcome = {
      result: "applied",
      after: write.answer.body ?? undefined,
      error: `Verification: the policies could not be re-read (${rereadError}); Graph accepted the write.`,
    };
  } else if (now === null) {
    verification = "policy-gone";
    outcome = write.answer
      ? { result: "applied", error: "Verification: the policy is no longer in the tenant's policy list (deleted after the write?)." }
      : { result: "failed", error: `${errorText(write.uncertainError)} The policy is no longer in the tenant's policy list.` };
  } else {
    const shown = showsChange(target, now);
    verification = shown ? "confirmed" : "not-shown";
    if (write.answer) {
      outcome = {
        result: "applied",
        after: now,
        // What the policy plans now tells the admin how far it is from the change (e.g. still "patch", or "repair").
        error: shown
          ? null
          : `Verification: the re-read policy does not show the change (it now plans "${previewPolicy(target, now).outcome}"); it may have been edited again right after the write.`,
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

/**
 * What the engine reads before its first write, in one statement (a bulk run starts thousands of
 * engines): the run's state (only a running run records changes) and whether the tenant has rows a
 * crash left pending (reconcile.ts).
 */
async function engineStart(prisma: PrismaClient, runId: string, tenantId: string): Promise<{ runStatus: string | null; pending: boolean }> {
  const [row] = await prisma.$queryRaw<{ runStatus: string | null; pending: boolean }[]>`
    select (select status::text from "RemediationRun" where id = ${runId}::uuid) as "runStatus",
      exists (select 1 from "RemediationChange" where "tenantId" = ${tenantId}::uuid and result = 'pending') as pending`;
  return { runStatus: row?.runStatus ?? null, pending: row?.pending === true };
}

/** The names of the tenant's policies by id, as its snapshots hold them. */
type SnapshotNames = () => Promise<ReadonlyMap<string, string>>;

/**
 * The names for history rows of items that are not read (after a stop, a failed re-read, a policy
 * gone): read from the snapshots once, and only when one is needed. Most engines read every policy
 * they name, so reading all names at the start cost a bulk run a scan of each tenant's snapshots.
 */
function snapshotNames(prisma: PrismaClient, tenantId: string): SnapshotNames {
  let names: Promise<ReadonlyMap<string, string>> | null = null;
  return () =>
    (names ??= prisma.policySnapshot
      .findMany({ where: { tenantId }, select: { policyId: true, displayName: true } })
      .then((rows) => new Map(rows.map((r) => [r.policyId, r.displayName]))));
}
