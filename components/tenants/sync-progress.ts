// A sync's progress, counted from the rows the tenants page already polls: a tenant is read when its
// last sync is at or after the sync's start (the server's clock on both sides).
import type { TenantRow } from "@/lib/db/queries/tenants";

export interface SyncState {
  /** The server's time when the sync was started. */
  startedAt: string;
  /** One tenant (its row's Sync), or every tenant in the person's scope. */
  tenantId: string | null;
}

export function syncProgress(rows: TenantRow[], sync: SyncState) {
  const since = Date.parse(sync.startedAt);
  const tenants = sync.tenantId ? rows.filter((r) => r.id === sync.tenantId) : rows;
  const read = tenants.filter((r) => r.lastSyncedAt !== null && Date.parse(r.lastSyncedAt) >= since);
  return { total: tenants.length, read, done: tenants.length > 0 && read.length === tenants.length };
}
