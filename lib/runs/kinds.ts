// Where a run started, and who asked: a person, or a named system actor.

/** A policy's button, a tenant's "Fix all", the bulk wizard, the partner-tenant page, the guard's auto-fix, an undo from a run's page. */
export const RUN_KINDS = ["policy-fix", "tenant-fix", "bulk-fix", "service-account-fix", "guard-fix", "rollback"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Who asked: a portal user (id and UPN), or a system actor (`system` is its key; `upn` then names it in words). */
export interface Requester {
  id: string | null;
  upn: string;
  system?: string;
}

/** The guard's auto-fix (lib/guard/auto-fix.ts): a system actor; the admin who set the mode approved its runs. */
export const DRIFT_GUARD: Requester = { id: null, upn: "drift guard", system: "drift-guard" };
