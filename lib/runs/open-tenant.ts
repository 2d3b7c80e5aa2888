// How a job (or the web process's preview) opens a tenant: the way the last sync got in.
import type { AccessPath } from "../graph/tenant-graph-contract";

/** The last sync reached the tenant app-only (accessHealth written by lib/sync/sync.ts accessOf). */
const APP_ONLY_HEALTH: ReadonlySet<string> = new Set(["app-only", "blocked-by-ca"]);

/** Open the tenant the way the last sync got in: app-only first when delegated access was refused. */
export function preferredAccess(accessHealth: string | null): AccessPath {
  return accessHealth !== null && APP_ONLY_HEALTH.has(accessHealth) ? "app-only" : "delegated";
}
