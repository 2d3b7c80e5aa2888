// Writing remediation history. Rows are append-only (database triggers): a change is inserted,
// either already finished (skipped, or failed before anything was sent) or `pending` before its
// request is sent, and a pending row is finished exactly once.
import { GraphFailure, type TenantProblem } from "../graph/tenant-graph-contract";
import type { Prisma, PrismaClient } from "../db/generated/client";
import type { GraphRequest, RemediationAction } from "./actions";

export type FinishedResult = "applied" | "failed" | "skipped";

export interface ChangeIntent {
  runId: string;
  tenantId: string;
  /** null only for a POST that creates a policy: its id is known once Graph answers (see `after`). */
  policyId: string | null;
  policyName: string;
  action: RemediationAction;
  /** The plan's outcome (plan.ts), or "not-planned" when no plan could be made. */
  plannedOutcome: string;
  reason: string;
  warnings: string[];
  before: unknown;
  request: GraphRequest | null;
}

export interface ChangeOutcome {
  result: FinishedResult;
  reason?: string;
  after?: unknown;
  graphStatus?: number | null;
  graphRequestId?: string | null;
  graphClientRequestId?: string | null;
  error?: string | null;
}

function json(value: unknown): Prisma.InputJsonValue | undefined {
  return value === null || value === undefined ? undefined : (value as Prisma.InputJsonValue);
}

function intentData(intent: ChangeIntent) {
  return {
    runId: intent.runId,
    tenantId: intent.tenantId,
    policyId: intent.policyId,
    policyName: intent.policyName,
    action: intent.action,
    plannedOutcome: intent.plannedOutcome,
    reason: intent.reason,
    warnings: intent.warnings,
    before: json(intent.before),
    requestMethod: intent.request?.method ?? null,
    requestPath: intent.request?.path ?? null,
    requestBody: json(intent.request?.body),
  };
}

function outcomeData(outcome: ChangeOutcome) {
  return {
    result: outcome.result,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    after: json(outcome.after),
    graphStatus: outcome.graphStatus ?? null,
    graphRequestId: outcome.graphRequestId ?? null,
    graphClientRequestId: outcome.graphClientRequestId ?? null,
    error: outcome.error ?? null,
    finishedAt: new Date(),
  };
}

/** Records the intent to write; returns the row id. Must be awaited before the request is sent. */
export async function recordPending(prisma: PrismaClient, intent: ChangeIntent): Promise<string> {
  const row = await prisma.remediationChange.create({ data: { ...intentData(intent), result: "pending" } });
  return row.id;
}

/** Records a decision (or failure) that involved no write: inserted already finished. */
export async function recordFinished(prisma: PrismaClient, intent: ChangeIntent, outcome: ChangeOutcome): Promise<string> {
  const row = await prisma.remediationChange.create({ data: { ...intentData(intent), ...outcomeData(outcome) } });
  return row.id;
}

/**
 * Finishes a pending row. The `where` on result keeps it exactly-once even without the trigger:
 * a row someone else already finished is reported, not overwritten.
 */
export async function finishPending(prisma: PrismaClient, changeId: string, outcome: ChangeOutcome): Promise<boolean> {
  const { count } = await prisma.remediationChange.updateMany({ where: { id: changeId, result: "pending" }, data: outcomeData(outcome) });
  return count === 1;
}

const UNCERTAIN_PROBLEMS: ReadonlySet<TenantProblem> = new Set(["unavailable", "unknown"]);

/**
 * Whether a failed write may still have changed the policy. A 4xx answer means Graph did not
 * process it; a 5xx, a network failure, or an error that is not a GraphFailure at all leaves it
 * open, and the verification re-read (or a later reconciliation) decides.
 */
export function writeOutcomeIsUncertain(error: unknown): boolean {
  if (!(error instanceof GraphFailure)) return true;
  const status = error.detail.status;
  if (status !== undefined) return status >= 500;
  return UNCERTAIN_PROBLEMS.has(error.problem);
}

/** The readable message, with Graph's own status, code and message when there are any. */
export function errorText(error: unknown): string {
  if (error instanceof GraphFailure) {
    const { status, code, graphMessage } = error.detail;
    const graph = [status === undefined ? null : `HTTP ${status}`, code ?? null, graphMessage ?? null].filter((part) => part !== null && part !== "");
    return graph.length > 0 ? `${error.message} (Graph: ${graph.join(", ")})` : error.message;
  }
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

export function graphIds(error: unknown): Pick<ChangeOutcome, "graphStatus" | "graphRequestId" | "graphClientRequestId"> {
  if (!(error instanceof GraphFailure)) return {};
  return {
    graphStatus: error.detail.status ?? null,
    graphRequestId: error.detail.requestId ?? null,
    graphClientRequestId: error.detail.clientRequestId ?? null,
  };
}
