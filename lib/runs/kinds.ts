// Where a run started, and who asked: a person, or a named system actor.

/** A policy's button, a tenant's "Fix all", the bulk wizard, the partner-tenant page. */
export const RUN_KINDS = ["policy-fix", "tenant-fix", "bulk-fix", "service-account-fix"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Who asked: a portal user (id and UPN), or a system actor (`system` is its key; `upn` then names it in words). */
export interface Requester {
  id: string | null;
  upn: string;
  system?: string;
}
