// Settling writes a crash (or a lost answer) left `pending`: the next engine on the tenant re-reads
// each policy before it writes anything, so no policy is written twice and history stays honest.
import type { PrismaClient } from "../db/generated/client";
import { GraphFailure, type GraphPolicy, type TenantGraph } from "../graph/tenant-graph-contract";
import type { FixTarget } from "./actions";
import { errorText, finishPending } from "./history";
import { fixTarget } from "./items";
import { withTenantLock, type TenantLockOptions } from "./lock";
import { showsChange, showsRequestedChange } from "./verify";

export interface ReconcileResult {
  finished: { changeId: string; policyId: string | null; result: "applied" | "failed" }[];
  /** Rows left pending because the live policy could not be read now; the next engine tries again. */
  stillPending: { changeId: string; policyId: string | null; error: string }[];
}

export const RECONCILED_APPLIED = "Confirmed by re-read after an interrupted run: the live policy shows the change.";
export const RECONCILED_FAILED = "Interrupted before Graph confirmed the write; nothing changed: the live policy does not show the change.";

/**
 * Finishes the tenant's `pending` changes a crash left behind, by re-reading: `applied` when the live
 * policy shows the recorded request (or, by its run's target, the change the action makes), else
 * `failed`; a create counts as made when a policy with the recorded name exists. Takes the tenant
 * lock, so it never judges a row whose request another engine is sending right now.
 */
export function reconcilePending(prisma: PrismaClient, graph: TenantGraph, options: TenantLockOptions = {}): Promise<ReconcileResult> {
  return withTenantLock(prisma, graph.tenantId, () => reconcileLocked(prisma, graph), options);
}

/** reconcilePending for a caller that already holds the tenant lock. */
export async function reconcileLocked(prisma: PrismaClient, graph: TenantGraph): Promise<ReconcileResult> {
  const pending = await prisma.remediationChange.findMany({
    where: { tenantId: graph.tenantId, result: "pending" },
    orderBy: { createdAt: "asc" },
  });
  const result: ReconcileResult = { finished: [], stillPending: [] };
  const reads = new Map<string, GraphPolicy | GraphFailure>();
  let listed: GraphPolicy[] | GraphFailure | null = null;
  const finish = async (rowId: string, policyId: string | null, outcome: { result: "applied" | "failed"; after?: unknown; error: string }) => {
    if (await finishPending(prisma, rowId, outcome)) result.finished.push({ changeId: rowId, policyId, result: outcome.result });
  };
  // Their runs' targets, read only when something is pending: almost every engine finds nothing
  // (an `include` would send a second statement every time, one per tenant of a bulk run).
  const runIds = [...new Set(pending.map((row) => row.runId))];
  const targets = new Map(
    runIds.length === 0
      ? []
      : (await prisma.remediationRun.findMany({ where: { id: { in: runIds } }, select: { id: true, target: true } })).map((r) => [r.id, r.target]),
  );
  for (const row of pending) {
    if (row.requestBody === null) {
      // Nothing was to be sent for it, so nothing can have changed.
      await finish(row.id, row.policyId, { result: "failed", error: RECONCILED_FAILED });
      continue;
    }
    if (row.policyId === null) {
      // A create: made when a policy with its name exists now.
      listed ??= await graph.listPolicies().catch((error: unknown) => (error instanceof GraphFailure ? error : new GraphFailure("unknown", errorText(error))));
      if (listed instanceof GraphFailure) {
        result.stillPending.push({ changeId: row.id, policyId: null, error: errorText(listed) });
        continue;
      }
      // Named as the dedicated policy is found (lib/ca's findDedicatedPolicy): case and spaces aside.
      const name = row.policyName.trim().toLowerCase();
      const made = listed.find((p) => typeof p.displayName === "string" && p.displayName.trim().toLowerCase() === name);
      await finish(row.id, null, made ? { result: "applied", after: made, error: RECONCILED_APPLIED } : { result: "failed", error: RECONCILED_FAILED });
      continue;
    }
    let live = reads.get(row.policyId);
    if (live === undefined) {
      try {
        live = await graph.getPolicy(row.policyId);
      } catch (error) {
        // Any failure but "not found" leaves the question open: the row stays pending.
        live = error instanceof GraphFailure ? error : new GraphFailure("unknown", errorText(error));
      }
      reads.set(row.policyId, live);
    }
    if (live instanceof GraphFailure && live.problem !== "not-found") {
      result.stillPending.push({ changeId: row.id, policyId: row.policyId, error: errorText(live) });
      continue;
    }
    if (live instanceof GraphFailure) {
      await finish(row.id, row.policyId, { result: "failed", error: `${RECONCILED_FAILED} (the policy no longer exists)` });
      continue;
    }
    const target = fixTarget.safeParse(targets.get(row.runId));
    const shown =
      showsRequestedChange(live, row.requestBody) || (target.success && target.data.action === row.action && showsChange(target.data as FixTarget, live));
    await finish(row.id, row.policyId, shown ? { result: "applied", after: live, error: RECONCILED_APPLIED } : { result: "failed", error: RECONCILED_FAILED });
  }
  return result;
}
