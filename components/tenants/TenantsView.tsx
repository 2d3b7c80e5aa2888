"use client";
import DoneAllOutlined from "@mui/icons-material/DoneAllOutlined";
import SyncOutlined from "@mui/icons-material/SyncOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import type { GridPaginationModel, GridSortModel } from "@mui/x-data-grid";
import { useTenantsPage, useTenantsSummary } from "@/components/data/queries";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { handOffSelection } from "@/components/bulk/handoff";
import { syncAllTenants, syncTenantNow, type SyncStarted } from "@/app/tenants/actions";
import { AutomationBanner, type ReadinessView } from "@/components/shell/AutomationBanner";
import { DownloadCsvButton } from "@/components/shell/DownloadCsvButton";
import type { TenantPage } from "@/lib/db/queries/tenants-page";
import type { TenantsSummary } from "@/lib/db/queries/tenants-summary";
import { csvAddress, FIRST_PAGE, pageQueryString, tenantsAddress, type TenantsPageParams } from "./page-query";
import { presetButtons, presetTitle, PRESETS, type Preset } from "./presets";
import { SyncProgress } from "./SyncProgress";
import { syncDone, type SyncState } from "./sync-progress";
import { TenantsGrid } from "./TenantsGrid";

/** While a sync runs the table refreshes itself; it stops a while after the last change. */
const WATCH_MS = 90_000;

/**
 * The customer tenants a page at a time (issue 19): the server renders the first page and the fleet's
 * summary; paging, sorting, the search and the presets ask the server (GET /api/tenants), so the
 * browser never receives the whole fleet.
 */
export function TenantsView({
  initialPage,
  summary: initialSummary,
  canSync,
  automation,
  show = "all",
  q = "",
}: {
  /** The first page for `show` and `q`, rendered on the server. */
  initialPage: TenantPage;
  summary: TenantsSummary;
  canSync: boolean;
  automation: ReadinessView;
  /** The preset filter the address asked for (`?show=`), e.g. from a dashboard figure. */
  show?: Preset;
  /** The search the address asked for (`?q=`). */
  q?: string;
}) {
  const [preset, setPreset] = useState<Preset>(show);
  const [search, setSearch] = useState(q);
  const [paging, setPaging] = useState<GridPaginationModel>({ page: FIRST_PAGE.page, pageSize: FIRST_PAGE.pageSize });
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const router = useRouter();
  // Operators may tick tenants here and take them into the bulk fix (the same role syncs and fixes);
  // ticked tenants stay ticked across pages, searches and presets.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [watchUntil, setWatchUntil] = useState(0);
  const [sync, setSync] = useState<SyncState | null>(null);
  // A refused start stays on the page (not a toast that goes away): it says why and where to fix it.
  const [refusal, setRefusal] = useState<{ message: string; settings: boolean } | null>(null);
  // The table refreshes while a sync is still going, however long it takes (read by the poll's timer).
  const syncing = useRef(false);
  const poll = () => (syncing.current || Date.now() < watchUntil ? 2000 : false);
  const sort = sortModel[0];
  const params: TenantsPageParams = {
    page: paging.page,
    pageSize: paging.pageSize as TenantsPageParams["pageSize"],
    sort: (sort?.field ?? FIRST_PAGE.sort) as TenantsPageParams["sort"],
    dir: sort?.sort === "desc" ? "desc" : "asc",
    q: search,
    show: preset,
  };
  const initialQuery = pageQueryString({ ...FIRST_PAGE, q, show });
  const tenantsPage = useTenantsPage(params, { query: initialQuery, page: initialPage }, poll);
  const page = tenantsPage.data ?? initialPage;
  const rows = page.rows;
  const summaryQuery = useTenantsSummary(initialSummary, sync ? { since: sync.startedAt, tenantId: sync.tenantId } : null, poll);
  const summary = summaryQuery.data?.summary ?? initialSummary;
  const syncCount = summaryQuery.data?.sync;
  useEffect(() => {
    syncing.current = sync !== null && !syncDone(syncCount);
  }, [syncCount, sync]);

  // The address says what is shown (preset and search), so the view can be shared and comes back on reload.
  const showing = (nextPreset: Preset, nextSearch: string) => {
    window.history.replaceState(null, "", tenantsAddress(nextPreset, nextSearch));
    setPaging((p) => ({ ...p, page: 0 }));
  };

  async function run(start: () => Promise<{ ok: true; data: SyncStarted } | { ok: false; error: { code: string; message: string } }>, tenantId: string | null) {
    setRefusal(null);
    const result = await start();
    if (result.ok) {
      setWatchUntil(Date.now() + WATCH_MS);
      setSync({ startedAt: result.data.startedAt, tenantId });
    } else {
      // "conflict" is the refusal for a missing precondition (the automation account): Settings fixes it.
      setRefusal({ message: result.error.message, settings: result.error.code === "conflict" });
    }
  }

  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          Customer tenants
        </Typography>
        {canSync ? (
          <Button
            variant="outlined"
            startIcon={<DoneAllOutlined />}
            onClick={() => {
              handOffSelection([...selected]);
              router.push("/bulk");
            }}
          >
            Bulk fix…
          </Button>
        ) : null}
        {canSync ? (
          <Button variant="contained" startIcon={<SyncOutlined />} onClick={() => run(() => syncAllTenants({}), null)}>
            Sync all
          </Button>
        ) : null}
      </Stack>
      <AutomationBanner readiness={automation} />
      {refusal ? (
        <Alert
          severity="error"
          data-testid="sync-refused"
          onClose={() => setRefusal(null)}
          action={
            refusal.settings ? (
              <Button component={Link} href="/settings" color="inherit" size="small">
                Open Settings
              </Button>
            ) : undefined
          }
        >
          {refusal.message}
        </Alert>
      ) : null}
      {sync ? <SyncProgress count={syncCount} sync={sync} /> : null}
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" }, justifyContent: "space-between" }}>
        <Typography variant="body2" color="text.secondary" data-testid="tenants-summary">
          {summary.total} tenants · {summary.needsFix} policies need the exclusion · {summary.needsReview} need review · {summary.presets.blocked} block the MSP
          with Conditional Access · {summary.presets.unreachable} cannot be reached · {summary.presets["signin-blocked"]} GDAP sign-
          {summary.presets["signin-blocked"] === 1 ? "in" : "ins"} blocked (What If)
        </Typography>
        <DownloadCsvButton href={csvAddress(params)} count={page.total} one="tenant" many="tenants" />
      </Stack>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={preset}
        aria-label="Show"
        onChange={(_e, value: Preset | null) => {
          if (!value) return;
          setPreset(value);
          showing(value, search);
        }}
        sx={{ flexWrap: "wrap" }}
      >
        {presetButtons(preset).map((name) => {
          const button = (
            <ToggleButton key={name} value={name} data-testid={`preset-${name}`}>
              {PRESETS[name].label} ({summary.presets[name]})
            </ToggleButton>
          );
          const title = presetTitle(name);
          return title ? (
            <Tooltip key={name} title={title} describeChild>
              {button}
            </Tooltip>
          ) : (
            button
          );
        })}
      </ToggleButtonGroup>
      {summary.total === 0 && !tenantsPage.isFetching ? (
        <Typography color="text.secondary">No customer tenants yet. Sync to read them from your GDAP relationships.</Typography>
      ) : (
        <TenantsGrid
          rows={rows}
          server={{
            rowCount: page.total,
            loading: tenantsPage.isPlaceholderData,
            paginationModel: paging,
            onPaginationModelChange: setPaging,
            sortModel,
            onSortModelChange: (model) => {
              setSortModel(model);
              setPaging((p) => ({ ...p, page: 0 }));
            },
            search,
            onSearchChange: (next) => {
              if (next === search) return;
              setSearch(next);
              showing(preset, next);
            },
          }}
          onSync={canSync ? (id) => run(() => syncTenantNow({ tenantId: id }), id) : undefined}
          selection={canSync ? { selected, onChange: setSelected } : undefined}
        />
      )}
    </Stack>
  );
}
