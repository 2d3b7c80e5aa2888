// Remediation runs (who asked for what) and reconciliation of changes a crash left `pending`.
import { GraphFailure, type GraphPolicy, type TenantGraph } from "../graph/tenant-graph-contract";
import type { Prisma, PrismaClient, RemediationRun } from "../db/generated/client";
import { planFor, type FixTarget } from "./actions";
import { errorText, finishPending } from "./history";
import { withTenantLock, type TenantLockOptions } from "./lock";
import { showsRequestedChange } from "./verify";

/** What started a run: a policy's button, a tenant's "Fix all", the bulk wizard, the partner page. */
export const RUN_KINDS = ["policy-fix", "tenant-fix", "bulk-fix", "service-account-fix"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface CreateRunInput {
  kind: RunKind;
  requestedBy: { id: string | null; upn: string };
  /** e.g. { tenants: [...], policies: [...] } */
  scope: Prisma.InputJsonValue;
  /** e.g. { action, includeDisabled, confirmedNeedsReview: [...] } */
  options: Prisma.InputJsonValue;
}

export class RunStateError extends Error {
  constructor(
    readonly runId: string,
    readonly status: string | null,
    refusal: string,
  ) {
    super(status === null ? `Remediation run ${runId} does not exist.` : `Remediation run ${runId} is ${status}; ${refusal}.`);
    this.name = "RunStateError";
  }
}

export async function createRun(prisma: PrismaClient, input: CreateRunInput): Promise<RemediationRun> {
  return prisma.remediationRun.create({
    data: {
      kind: input.kind,
      requestedById: input.requestedBy.id,
      requestedByUpn: input.requestedBy.upn,
      scope: input.scope,
      options: input.options,
    },
  });
}

async function moveRun(
  prisma: PrismaClient,
  runId: string,
  from: readonly ("queued" | "running")[],
  data: Prisma.RemediationRunUpdateManyMutationInput & { status: NonNullable<Prisma.RemediationRunUpdateManyMutationInput["status"]> },
): Promise<void> {
  // The conditional update is the state machine; the trigger freezes ended runs even if this had a bug.
  const { count } = await prisma.remediationRun.updateMany({ where: { id: runId, status: { in: [...from] } }, data });
  if (count === 1) return;
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { status: true } });
  throw new RunStateError(runId, run?.status ?? null, `it cannot become ${String(data.status)}`);
}

export function startRun(prisma: PrismaClient, runId: string): Promise<void> {
  return moveRun(prisma, runId, ["queued"], { status: "running", startedAt: new Date() });
}

/**
 * Ends a run. Once ended it is history: it can never move again, so a run-level `error` (why it
 * failed or was cancelled as a whole) is written in the same update.
 */
export function endRun(prisma: PrismaClient, runId: string, status: "completed" | "failed" | "cancelled", error?: string): Promise<void> {
  return moveRun(prisma, runId, ["queued", "running"], { status, finishedAt: new Date(), ...(error === undefined ? {} : { error }) });
}

export const completeRun = (prisma: PrismaClient, runId: string) => endRun(prisma, runId, "completed");
export const failRun = (prisma: PrismaClient, runId: string) => endRun(prisma, runId, "failed");
export const cancelRun = (prisma: PrismaClient, runId: string) => endRun(prisma, runId, "cancelled");

export interface ReconcileResult {
  finished: { changeId: string; policyId: string | null; result: "applied" | "failed" }[];
  /** Rows left pending because the live policy could not be read now; the next run tries again. */
  stillPending: { changeId: string; policyId: string | null; error: string }[];
}

export const RECONCILED_APPLIED = "Confirmed by re-read after an interrupted run: the live policy shows the change.";
export const RECONCILED_FAILED = "Interrupted before Graph confirmed the write; nothing changed: the live policy does not show the change.";

export interface ReconcileOptions extends TenantLockOptions {
  /** Lets rows of that action be judged by lib/ca's plan too (besides comparing with the recorded request). */
  targets?: readonly FixTarget[];
}

/**
 * Finishes the tenant's `pending` changes a crash left behind, by re-reading each live policy:
 * `applied` when it shows the recorded request, else `failed`. Takes the tenant lock, so it never
 * judges a row whose request another engine is sending right now.
 */
export function reconcilePending(prisma: PrismaClient, graph: TenantGraph, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  return withTenantLock(prisma, graph.tenantId, () => reconcileLocked(prisma, graph, options.targets ?? []), options);
}

/** reconcilePending for a caller that already holds the tenant lock. */
export async function reconcileLocked(prisma: PrismaClient, graph: TenantGraph, targets: readonly FixTarget[]): Promise<ReconcileResult> {
  const pending = await prisma.remediationChange.findMany({
    where: { tenantId: graph.tenantId, result: "pending" },
    orderBy: { createdAt: "asc" },
  });
  const result: ReconcileResult = { finished: [], stillPending: [] };
  const reads = new Map<string, GraphPolicy | GraphFailure>();
  for (const row of pending) {
    if (row.policyId === null || row.requestBody === null) {
      // Nothing was to be sent for it, so nothing can have changed.
      if (await finishPending(prisma, row.id, { result: "failed", error: RECONCILED_FAILED })) {
        result.finished.push({ changeId: row.id, policyId: row.policyId, result: "failed" });
      }
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
    const target = targets.find((t) => t.action === row.action);
    const shown = !(live instanceof GraphFailure) && showsRequestedChange(live, row.requestBody, target === undefined ? null : safeOutcome(target, live));
    const outcome = shown
      ? { result: "applied" as const, after: live, error: RECONCILED_APPLIED }
      : {
          result: "failed" as const,
          error: live instanceof GraphFailure ? `${RECONCILED_FAILED} (the policy no longer exists)` : RECONCILED_FAILED,
        };
    if (await finishPending(prisma, row.id, outcome)) {
      result.finished.push({ changeId: row.id, policyId: row.policyId, result: outcome.result });
    }
  }
  return result;
}

function safeOutcome(target: FixTarget, live: GraphPolicy) {
  try {
    return planFor(target, live).outcome;
  } catch {
    return null;
  }
}
