// Reading failures: which are worth a second attempt, and how they read for an admin.
import { TenantBusyError } from "../remediation/lock";
import { isGraphFailure } from "../fixes/tenant-access";

/** Graph's own "try again later" (after lib/graph's retry budget), or another fix holding the tenant. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TenantBusyError) return true;
  return isGraphFailure(error) && (error.problem === "throttled" || error.problem === "unavailable");
}

export const TRANSIENT_PROBLEMS: ReadonlySet<string> = new Set(["throttled", "unavailable"]);

/** lib/graph's problem and sentence; anything else is an unexpected stop, said so. */
export function problemOf(error: unknown): { problem: string; message: string } {
  if (isGraphFailure(error)) return { problem: error.problem, message: error.message };
  if (error instanceof TenantBusyError) return { problem: "busy", message: error.message };
  return { problem: "unknown", message: `Stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
}
