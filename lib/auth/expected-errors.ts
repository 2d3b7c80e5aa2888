// The one place that says which errors lib/ writes for the person who asked, and how each reaches
// the browser (formbricks' EXPECTED_ERROR_NAMES idea): a refusal from the run service or the
// partner page, another engine holding the tenant, Graph's readable failure. Their message is shown
// as it is; every other error is logged with an id and the browser sees only the id (action-client.ts).
//
// Matched by name, not by class: Next.js may bundle a module into several server chunks, each with
// its own copy of a class, so `instanceof` can miss an error thrown by another copy.
import type { ActionErrorCode } from "./action-client";

type ShownCode = Exclude<ActionErrorCode, "unauthenticated" | "forbidden" | "reauthenticate">;

const CODES: ReadonlySet<string> = new Set<ShownCode>(["invalid", "not-found", "conflict", "failed"]);

/** Error name -> the code it reaches the browser with; "own" takes the error's own `code`. */
export const EXPECTED_ERRORS: Readonly<Record<string, ShownCode | "own">> = {
  ActionError: "own", // lib/auth/action-client.ts
  RunRefusal: "own", // lib/runs/errors.ts: not-found, conflict, invalid
  PartnerError: "own", // lib/partner/context.ts: not-found, conflict
  TenantBusyError: "conflict", // lib/remediation/lock.ts: another engine holds the tenant
  GraphFailure: "failed", // lib/graph: a readable, per-tenant reason
  GuardModeRefusal: "conflict", // lib/guard/modes.ts: a group gone
  DestinationRefusal: "conflict", // lib/guard/alerts/destinations.ts: a name taken, a destination gone
};

/** The code and message to show for an expected error, or null for anything else. */
export function expectedError(error: unknown): { code: ShownCode; message: string } | null {
  if (!(error instanceof Error)) return null;
  const mapped = EXPECTED_ERRORS[error.name];
  if (mapped === undefined) return null;
  if (mapped !== "own") return { code: mapped, message: error.message };
  const own = (error as { code?: unknown }).code;
  return { code: typeof own === "string" && CODES.has(own) ? (own as ShownCode) : "failed", message: error.message };
}
