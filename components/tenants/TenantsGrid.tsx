"use client";
import SyncOutlined from "@mui/icons-material/SyncOutlined";
import Chip from "@mui/material/Chip";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { DataGrid, type GridColDef, type GridFilterModel, type GridPaginationModel, type GridRowSelectionModel, type GridSortModel } from "@mui/x-data-grid";
import { useMemo } from "react";
import { applyGridSelection, gridSelectionModel } from "@/components/bulk/selection";
import { useNonce } from "@/components/providers/nonce";
import NextLink from "next/link";
import type { TenantRow } from "@/lib/db/queries/tenants";
import type { TenantPageQuery } from "@/lib/db/queries/tenants-page";
import { accessLabel, gdapColor } from "./access";
import { localDateTime } from "./date-time";
import { signInLabel } from "./sign-in";

// Made once (see date-time.ts).
const DAY = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? localDateTime(iso) : "never");

/** Checkbox selection for the bulk fix; the set may hold tenants these rows do not show. */
export interface TenantsSelection {
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
  /**
   * The bulk wizard: its own line counts the whole selection (the grid's footer would count only
   * the rows the filter shows), and the columns a selection is decided on come first, timestamps
   * hidden, so they fit beside the navigation without scrolling sideways.
   */
  wizard?: boolean;
}

/**
 * The tenants page at fleet scale (issue 19): the rows are one page the server chose; paging, sorting
 * and the toolbar's search are asked of the server (GET /api/tenants in paged mode).
 */
export interface TenantsServerMode {
  rowCount: number;
  loading: boolean;
  paginationModel: GridPaginationModel;
  onPaginationModelChange: (model: GridPaginationModel) => void;
  sortModel: GridSortModel;
  onSortModelChange: (model: GridSortModel) => void;
  /** The toolbar's search, as one string (its words, as typed). */
  search: string;
  onSearchChange: (search: string) => void;
}

/** The columns the server sorts by: the keys must be exactly the API's sorts (lib/db/queries/tenants-page.ts), or this does not compile. */
const SORTED_BY_SERVER: Record<TenantPageQuery["sort"], true> = {
  displayName: true,
  accessHealth: true,
  gdapStatus: true,
  gdapEndsAt: true,
  policyCount: true,
  needsFixCount: true,
  needsReviewCount: true,
  lastSyncedAt: true,
  signInVerdict: true,
};
export const SERVER_SORTABLE: ReadonlySet<string> = new Set(Object.keys(SORTED_BY_SERVER));

export function TenantsGrid({
  rows,
  onSync,
  selection,
  server,
  quickFilter = true,
  emptyText = "No customer tenants yet. Sync to read them from your GDAP relationships.",
}: {
  rows: TenantRow[];
  server?: TenantsServerMode;
  onSync?: (tenantId: string) => void;
  selection?: TenantsSelection;
  /** The toolbar's own search; off where the page filters the rows itself. */
  quickFilter?: boolean;
  emptyText?: string;
}) {
  const nonce = useNonce();
  const ids = useMemo(() => rows.map((r) => r.id), [rows]);
  const selected = selection?.selected;
  const model = useMemo(() => (selected ? gridSelectionModel(selected, ids) : undefined), [selected, ids]);
  // Hints are the browser's own title, not MUI's Tooltip: a page renders up to 100 rows, and three
  // Tooltips a row were a measurable part of the time to first rows (npm run bench:ui).
  const columns: GridColDef<TenantRow>[] = [
    {
      field: "displayName",
      headerName: "Tenant",
      flex: 1.4,
      minWidth: 170,
      renderCell: ({ row }) => (
        <Link component={NextLink} href={`/tenants/${row.id}`} underline="hover">
          {row.displayName}
        </Link>
      ),
    },
    {
      field: "gdapStatus",
      headerName: "GDAP",
      minWidth: 250,
      flex: 1.2,
      valueGetter: (_v, row) => [row.gdapStatus, row.gdapWarning].filter(Boolean).join(", "),
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={0.5} sx={{ alignItems: "center", height: "100%" }}>
          <Chip size="small" label={row.gdapStatus} color={gdapColor(row.gdapStatus)} variant="outlined" />
          {row.gdapWarning ? <Chip size="small" label={row.gdapWarning} color="warning" /> : null}
        </Stack>
      ),
    },
    {
      // GDAP in full (issue 17): when the access the relationships give ends, shown by default.
      field: "gdapEndsAt",
      headerName: "Access ends",
      minWidth: 120,
      type: "date",
      valueGetter: (_v, row) => (row.gdapEndsAt ? new Date(row.gdapEndsAt) : null),
      valueFormatter: (v: Date | null) => (v ? DAY.format(v) : ""),
    },
    { field: "gdapRoles", headerName: "Roles granted", flex: 1.4, minWidth: 200, valueGetter: (_v, row) => row.gdapRoles.join(", ") || "none" },
    {
      field: "accessHealth",
      headerName: "Access",
      minWidth: 170,
      flex: 1,
      valueGetter: (_v, row) => accessLabel(row.accessHealth).label,
      renderCell: ({ row }) => {
        const a = accessLabel(row.accessHealth);
        return <Chip size="small" label={a.label} color={a.color} title={row.accessReason ?? undefined} />;
      },
    },
    {
      // The newest proof of access (Graph's What If), not the sync's own sign-in (the Access column).
      field: "signInVerdict",
      headerName: "GDAP sign-in",
      description: "Does a GDAP sign-in of the MSP get in? The newest proof of access (Graph's What If).",
      minWidth: 150,
      valueGetter: (_v, row) => signInLabel(row.signInVerdict).label,
      renderCell: ({ row }) => {
        const s = signInLabel(row.signInVerdict, row.signInCheckedAt);
        return (
          <Chip
            size="small"
            label={s.label}
            color={s.color}
            variant={s.color === "default" ? "outlined" : "filled"}
            title={s.title}
            data-testid="signin-verdict"
          />
        );
      },
    },
    {
      field: "accessReason",
      headerName: "Reason",
      flex: 2.5,
      minWidth: 260,
      renderCell: ({ row }) => <span title={row.accessReason ?? undefined}>{row.accessReason}</span>,
    },
    { field: "policyCount", headerName: "Policies", type: "number", width: 90 },
    { field: "needsFixCount", headerName: "Need fix", type: "number", width: 95 },
    { field: "needsReviewCount", headerName: "Need review", type: "number", width: 110 },
    { field: "lastSyncedAt", headerName: "Last synced", minWidth: 170, valueFormatter: (v: string | null) => when(v) },
    { field: "lastChangeAt", headerName: "Last change", minWidth: 170, valueFormatter: (v: string | null) => when(v) },
  ];
  if (onSync) {
    columns.push({
      field: "actions",
      headerName: "",
      width: 60,
      sortable: false,
      filterable: false,
      disableExport: true,
      renderCell: ({ row }) => (
        <IconButton size="small" aria-label={`Sync ${row.displayName}`} title={`Sync ${row.displayName} now`} onClick={() => onSync(row.id)}>
          <SyncOutlined fontSize="small" />
        </IconButton>
      ),
    });
  }
  if (selection?.wizard) {
    const first = ["displayName", "needsFixCount", "needsReviewCount", "accessHealth", "signInVerdict"];
    columns.sort(
      (a, b) => (first.includes(a.field) ? first.indexOf(a.field) : first.length) - (first.includes(b.field) ? first.indexOf(b.field) : first.length),
    );
  }
  if (server) for (const c of columns) if (!SERVER_SORTABLE.has(c.field)) c.sortable = false;
  // In server mode the page says when there are no tenants at all; a search that matches none keeps the grid (and its search box).
  if (rows.length === 0 && !server) {
    return <Typography color="text.secondary">{emptyText}</Typography>;
  }
  const filterModel: GridFilterModel | undefined = server ? { items: [], quickFilterValues: server.search.split(/\s+/).filter(Boolean) } : undefined;
  return (
    <DataGrid
      nonce={nonce}
      rows={rows}
      columns={columns}
      showToolbar
      slotProps={{
        toolbar: {
          showQuickFilter: quickFilter,
          // In server mode the grid holds one page: its own export would be that page, so the page
          // offers the download of every match instead (GET /api/tenants/csv).
          csvOptions: { fileName: "customer-tenants", disableToolbarButton: !!server },
          printOptions: { disableToolbarButton: !!server },
        },
      }}
      initialState={{
        columns: {
          columnVisibilityModel: selection?.wizard ? { gdapRoles: false, gdapEndsAt: false, policyCount: false, lastSyncedAt: false, lastChangeAt: false } : {},
        },
        pagination: { paginationModel: { pageSize: 50 } },
      }}
      pageSizeOptions={[25, 50, 100]}
      {...(server
        ? {
            paginationMode: "server" as const,
            sortingMode: "server" as const,
            filterMode: "server" as const,
            rowCount: server.rowCount,
            loading: server.loading,
            paginationModel: server.paginationModel,
            onPaginationModelChange: server.onPaginationModelChange,
            sortModel: server.sortModel,
            onSortModelChange: server.onSortModelChange,
            filterModel,
            onFilterModelChange: (model: GridFilterModel) => server.onSearchChange((model.quickFilterValues ?? []).join(" ")),
            // Column filters would filter only the page shown: the search and the presets ask the server instead.
            disableColumnFilter: true,
          }
        : {})}
      density="compact"
      // Every column is in the page (a dozen): search in the browser, screen readers and tests see them all, not only those scrolled to.
      columnBufferPx={4000}
      disableRowSelectionOnClick
      label="Customer tenants"
      {...(selection && model
        ? {
            checkboxSelection: true,
            hideFooterSelectedRowCount: selection.wizard === true,
            // Rows hidden by the toolbar's search stay selected, and the model is always a list.
            keepNonExistentRowsSelected: true,
            disableRowSelectionExcludeModel: true,
            rowSelectionModel: model,
            onRowSelectionModelChange: (next: GridRowSelectionModel) => selection.onChange(applyGridSelection(selection.selected, ids, next)),
          }
        : {})}
    />
  );
}
