// A sync's progress, from the counts the tenants page polls (GET /api/tenants/summary?since=…, counted
// in SQL): a tenant is read when its last sync is at or after the sync's start (the server's clock on
// both sides).
import type { SyncCount } from "@/lib/db/queries/tenants-summary";

export interface SyncState {
  /** The server's time when the sync was started. */
  startedAt: string;
  /** One tenant (its row's Sync), or every tenant in the person's scope. */
  tenantId: string | null;
}

/** Done once every tenant is read; not before the first tenant is known (the GDAP relationships are still being read). */
export function syncDone(count: SyncCount | null | undefined): boolean {
  return !!count && count.total > 0 && count.read >= count.total;
}
