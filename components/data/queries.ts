// Every read the browser polls or caches, with its query key: the tenants, runs (their preview,
// progress and changes), history changes, the partner tenant, the status. One place, so a write
// knows which keys to invalidate.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { loadPartnerChecklist, loadPartnerOverview } from "@/app/partner/actions";
import type { ChangeDetail } from "@/lib/db/queries/history";
import type { HistoryPage } from "@/lib/db/queries/history-page";
import { historyQueryString, type HistoryPageParams } from "@/components/history/page-query";
import type { TenantRow } from "@/lib/db/queries/tenants";
import type { TenantPage } from "@/lib/db/queries/tenants-page";
import type { SyncCount, TenantsSummary } from "@/lib/db/queries/tenants-summary";
import { pageQueryString, type TenantsPageParams } from "@/components/tenants/page-query";
import type { HealthReport, PublicHealth } from "@/lib/health/report";
import type { RunPreviewView, RunView, TenantPreviewView } from "@/lib/runs/views";
import { fetchJson, isDefinitive, unwrap } from "./fetch";

export const KEYS = {
  tenants: ["tenants"] as const,
  // Under "tenants": whatever invalidates the tenants refreshes the page and the summary too.
  tenantsPage: (query: string) => ["tenants", "page", query] as const,
  tenantsSummary: (since: string | null, tenantId: string | null) => ["tenants", "summary", since, tenantId] as const,
  change: (changeId: string | null) => ["change", changeId] as const,
  historyPage: (query: string) => ["history", "page", query] as const,
  health: ["health"] as const,
  run: (runId: string | null) => ["run", runId] as const,
  runPreview: (runId: string) => ["run-preview", runId] as const,
  runPreviewTenant: (runId: string, tenantId: string) => ["run-preview-tenant", runId, tenantId] as const,
  partner: ["partner"] as const,
  partnerOverview: ["partner", "overview"] as const,
  partnerChecklist: ["partner", "checklist"] as const,
};

const POLL_MS = 1000;
const enc = encodeURIComponent;

/** The customer tenants; `refetchMs` while a sync runs. The tenants page and the bulk wizard share the entry, so a sync watched in one shows in the other. */
export function useTenants(initial: TenantRow[], refetchMs: () => number | false = () => false) {
  return useQuery({
    queryKey: KEYS.tenants,
    queryFn: () => fetchJson<TenantRow[]>("/api/tenants", "tenant list"),
    initialData: initial,
    refetchInterval: refetchMs,
  });
}

/**
 * One page of the tenants grid (paged, sorted and searched on the server); the server-rendered first
 * page is its initial data; the previous page stays shown while the next loads.
 */
export function useTenantsPage(params: TenantsPageParams, initial: { query: string; page: TenantPage }, refetchMs: () => number | false) {
  const query = pageQueryString(params);
  return usePage(KEYS.tenantsPage(query), `/api/tenants?${query}`, "tenant list", query === initial.query ? initial.page : undefined, refetchMs);
}

/** One page of a server-paged list: `initialData` when the server rendered it; the previous page stays shown while the next loads. */
function usePage<T>(queryKey: readonly unknown[], path: string, what: string, initialData: T | undefined, refetchMs: () => number | false = () => false) {
  return useQuery({ queryKey, queryFn: () => fetchJson<T>(path, what), initialData, placeholderData: keepPreviousData, refetchInterval: refetchMs });
}

/** Tenants whose name, domain or id matches `search` (the first 25 by name), for a picker; nothing is asked until the person types. */
export function useTenantSearch(search: string) {
  const q = search.trim();
  const query = pageQueryString({ page: 0, pageSize: 25, sort: "displayName", dir: "asc", q, show: "all" });
  return useQuery({
    queryKey: KEYS.tenantsPage(query),
    queryFn: () => fetchJson<TenantPage>(`/api/tenants?${query}`, "tenant list"),
    enabled: q.length > 0,
    placeholderData: (previous) => previous,
  });
}

/** The fleet's summary and preset counts, and a started sync's progress (`since` its start). */
export function useTenantsSummary(initial: TenantsSummary, sync: { since: string; tenantId: string | null } | null, refetchMs: () => number | false) {
  const query = new URLSearchParams();
  if (sync) query.set("since", sync.since);
  if (sync?.tenantId) query.set("tenant", sync.tenantId);
  return useQuery({
    queryKey: KEYS.tenantsSummary(sync?.since ?? null, sync?.tenantId ?? null),
    queryFn: () => fetchJson<{ summary: TenantsSummary; sync: SyncCount | null }>(`/api/tenants/summary?${query}`, "tenant summary"),
    initialData: sync ? undefined : { summary: initial, sync: null },
    placeholderData: (previous) => previous,
    refetchInterval: refetchMs,
  });
}

/** One page of history (filtered, ordered and paged on the server); the server-rendered first page is its initial data. */
export function useHistoryPage(params: HistoryPageParams, initial: { query: string; page: HistoryPage }) {
  const query = historyQueryString(params);
  return usePage(KEYS.historyPage(query), `/api/history?${query}`, "history", query === initial.query ? initial.page : undefined);
}

/** One history row in full (before, request, after, Graph's answer): it never changes. */
export function useChange(changeId: string | null) {
  return useQuery({
    queryKey: KEYS.change(changeId),
    queryFn: () => fetchJson<ChangeDetail>(`/api/history/changes/${enc(changeId!)}`, "change"),
    enabled: !!changeId,
    staleTime: Infinity,
  });
}

/** The status page's report, every 5 s. A 503 still carries the report: that is exactly when people need to read it. */
export function useHealth(initial: HealthReport) {
  return useQuery({
    queryKey: KEYS.health,
    queryFn: async () => {
      const body = (await (await fetch("/api/health", { cache: "no-store" })).json()) as HealthReport | PublicHealth;
      // Without a session /api/health says only ok or not ok (lib/health/index.ts).
      if (!("database" in body)) throw new Error("your session has ended; sign in again to see the details");
      return body;
    },
    initialData: initial,
    refetchInterval: 5000,
  });
}

/** A run, re-read every second until it has ended (an ended run never changes again). */
export function useRun(runId: string | null) {
  return useQuery({
    queryKey: KEYS.run(runId),
    queryFn: () => fetchJson<RunView>(`/api/runs/${enc(runId!)}`, "run"),
    enabled: runId !== null,
    staleTime: 0,
    retry: (count, err) => count < 3 && !isDefinitive(err),
    // Keep polling through a transient error: the run goes on on the server either way.
    refetchInterval: (query) => (query.state.data?.ended || isDefinitive(query.state.error) ? false : POLL_MS),
  });
}

/** A run's preview, re-read every second while its tenants are being read. */
export function useRunPreview(runId: string) {
  return useQuery({
    queryKey: KEYS.runPreview(runId),
    queryFn: () => fetchJson<RunPreviewView>(`/api/runs/${enc(runId)}/preview`, "preview"),
    staleTime: 0,
    retry: (count, err) => count < 3 && !isDefinitive(err),
    refetchInterval: (query) => (query.state.data?.status === "previewing" || (!query.state.data && !isDefinitive(query.state.error)) ? POLL_MS : false),
  });
}

/** One tenant's planned changes: read once when its row is first opened (the preview does not change). */
export function useRunPreviewTenant(runId: string, tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: KEYS.runPreviewTenant(runId, tenantId),
    queryFn: () => fetchJson<TenantPreviewView>(`/api/runs/${enc(runId)}/tenants/${enc(tenantId)}`, "tenant preview"),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export const runCsvHref = (runId: string) => `/api/runs/${enc(runId)}/csv`;

// Each partner read lists the partner tenant's policies live, against Graph's per-tenant Conditional
// Access budget: no refetch on focus; writes invalidate explicitly.
const LIVE = { staleTime: 60_000, refetchOnWindowFocus: false, retry: false } as const;

export function usePartnerOverview() {
  return useQuery({ queryKey: KEYS.partnerOverview, queryFn: () => unwrap(loadPartnerOverview({})), ...LIVE });
}

export function usePartnerChecklist() {
  return useQuery({ queryKey: KEYS.partnerChecklist, queryFn: () => unwrap(loadPartnerChecklist({})), ...LIVE });
}

/** Any write to the partner tenant can change its policies, the checklist and the history. */
export function useInvalidatePartner() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: KEYS.partner });
}
