// How the preview (in the web process) opens a tenant, and how it recognises Graph failures there.
//
// Why not simply tenantGraph(id) and `instanceof GraphFailure`: Next.js bundles lib/graph into
// several server chunks, each with its own copy of the GraphFailure class, and the msal client is
// shared through globalThis by whichever chunk made it first. A failure it throws can then be a
// GraphFailure of another copy: `instanceof` is false, and lib/graph's delegated -> app-only
// fallback (which relies on it) does not happen. The worker has one copy and is not affected.
import type { AccessPath } from "../graph/tenant-graph-contract";

/** The last sync reached the tenant app-only (accessHealth written by lib/sync/sync.ts accessOf). */
const APP_ONLY_HEALTH: ReadonlySet<string> = new Set(["app-only", "blocked-by-ca"]);

/** Open the tenant the way the last sync got in: app-only first when delegated access was refused. */
export function preferredAccess(accessHealth: string | null): AccessPath {
  return accessHealth !== null && APP_ONLY_HEALTH.has(accessHealth) ? "app-only" : "delegated";
}

/** A GraphFailure from any bundled copy of the class (it sets `name` and carries `problem`). */
export function isGraphFailure(error: unknown): error is Error & { problem: string } {
  return error instanceof Error && error.name === "GraphFailure" && typeof (error as { problem?: unknown }).problem === "string";
}
