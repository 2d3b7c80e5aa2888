// Reading failures: which are worth a second attempt, and how they read for an admin.
import { randomUUID } from "node:crypto";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { TenantBusyError } from "../remediation/lock";

/** Graph's own "try again later" (after lib/graph's retry budget), or another fix holding the tenant. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TenantBusyError) return true;
  return error instanceof GraphFailure && (error.problem === "throttled" || error.problem === "unavailable");
}

export const TRANSIENT_PROBLEMS: ReadonlySet<string> = new Set(["throttled", "unavailable"]);

export type Warn = (detail: object, message: string) => void;

/**
 * An error nobody wrote for an admin (a database error, a bug): its text can name tables,
 * constraints or hosts, and the stored sentence is served by /api/runs/** and the CSVs. So the
 * error goes to the worker log under an id, and the sentence only gives that id.
 */
export function unexpectedStop(error: unknown, warn: Warn, context: object = {}): string {
  return `Stopped unexpectedly (error id ${logUnexpected(error, warn, context)}); see the worker log.`;
}

/** Logs the error under a new id and returns the id (for sentences that refer to the log). */
export function logUnexpected(error: unknown, warn: Warn, context: object = {}): string {
  const errorId = randomUUID();
  warn({ ...context, err: error, errorId }, "run: unexpected error");
  return errorId;
}

/** lib/graph's problem and sentence (already readable); anything else is logged and referred to by id. */
export function problemOf(error: unknown, warn: Warn, context: object = {}): { problem: string; message: string } {
  if (error instanceof GraphFailure) return { problem: error.problem, message: error.message };
  if (error instanceof TenantBusyError) return { problem: "busy", message: error.message };
  return { problem: "unknown", message: unexpectedStop(error, warn, context) };
}
