// Polling the bulk preview and run from the browser (app/api/bulk/**). Both re-read every second
// until their job has ended; an ended job never changes again, so polling then stops.
import { useQuery } from "@tanstack/react-query";
import type { BulkPreviewTenantDetail, BulkPreviewView, BulkRunView } from "@/lib/bulk/views";
import { jobEnded } from "./preview-model";

async function fetchJson<T>(path: string, what: string): Promise<T> {
  const res = await fetch(path, { cache: "no-store" });
  if (res.ok) return (await res.json()) as T;
  if (res.status === 401) throw new Error("Your session has ended; sign in again.");
  if (res.status === 403) throw new Error(`You may not see this ${what}.`);
  if (res.status === 404) throw new Error(`There is no such ${what}.`);
  throw new Error(`Could not read the ${what} (HTTP ${res.status}).`);
}

const POLL_MS = 1000;

/** Errors that asking again will not fix; anything else (a network blip) is retried. */
const definitive = (err: Error | null) => !!err && /no such|may not|session/.test(err.message);

export function useBulkPreview(previewId: string) {
  return useQuery({
    queryKey: ["bulk-preview", previewId],
    queryFn: () => fetchJson<BulkPreviewView>(`/api/bulk/previews/${encodeURIComponent(previewId)}`, "preview"),
    staleTime: 0,
    retry: (count, err) => count < 3 && !definitive(err),
    refetchInterval: (query) => ((query.state.data && jobEnded(query.state.data.status)) || definitive(query.state.error) ? false : POLL_MS),
  });
}

/** One tenant's planned changes: read once when its row is first opened (the plan does not change). */
export function useBulkPreviewTenant(previewId: string, tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["bulk-preview-tenant", previewId, tenantId],
    queryFn: () =>
      fetchJson<BulkPreviewTenantDetail>(`/api/bulk/previews/${encodeURIComponent(previewId)}/tenants/${encodeURIComponent(tenantId)}`, "tenant preview"),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useBulkRun(runId: string) {
  return useQuery({
    queryKey: ["bulk-run", runId],
    queryFn: () => fetchJson<BulkRunView>(`/api/bulk/runs/${encodeURIComponent(runId)}`, "run"),
    staleTime: 0,
    retry: (count, err) => count < 3 && !definitive(err),
    // Keep polling through a transient error: the run goes on on the server either way.
    refetchInterval: (query) => (query.state.data?.ended || definitive(query.state.error) ? false : POLL_MS),
  });
}

export const runCsvHref = (runId: string) => `/api/bulk/runs/${encodeURIComponent(runId)}/csv`;
