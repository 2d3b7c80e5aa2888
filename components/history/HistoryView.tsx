"use client";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { DataGrid, type GridColDef, type GridPaginationModel, type GridSortModel } from "@mui/x-data-grid";
import { useHistoryPage } from "@/components/data/queries";
import { DownloadCsvButton } from "@/components/shell/DownloadCsvButton";
import { useNonce } from "@/components/providers/nonce";
import { useState } from "react";
import type { ChangeRow, HistoryFilter } from "@/lib/db/queries/history";
import type { HistoryPage, HistoryPageQuery } from "@/lib/db/queries/history-page";
import { FIRST_PAGE, historyCsvAddress, historyQueryString, type HistoryPageParams } from "./page-query";
import { ChangeDrawer } from "./ChangeDrawer";
import { TenantPicker, type TenantOption } from "./TenantPicker";
import { actionLabel, apiVersionOf, runKindLabel } from "./labels";

const RESULT_COLOR = { applied: "success", failed: "error", skipped: "default", pending: "warning" } as const;

const columns: GridColDef<ChangeRow>[] = [
  { field: "at", headerName: "When", minWidth: 210, valueFormatter: (v: string) => new Date(v).toLocaleString() },
  { field: "tenantName", headerName: "Tenant", flex: 1, minWidth: 140 },
  { field: "policyName", headerName: "Policy", flex: 1.5, minWidth: 200 },
  { field: "action", headerName: "Action", minWidth: 210, valueGetter: (_v, row) => actionLabel(row.action) },
  {
    field: "result",
    headerName: "Result",
    width: 110,
    renderCell: ({ row }) => <Chip size="small" label={row.result} color={RESULT_COLOR[row.result as keyof typeof RESULT_COLOR] ?? "default"} />,
  },
  // Graph's answer and the API version next to the result: a /beta retry reads at a glance.
  { field: "graphStatus", headerName: "Graph", width: 80, type: "number" },
  { field: "api", headerName: "API", width: 70, valueGetter: (_v, row) => apiVersionOf(row.request) ?? "" },
  // Proof of access (lib/proof): what Graph's What If said after the run wrote to the tenant ("proven: gets in").
  { field: "proof", headerName: "Proof of access", minWidth: 200, flex: 1 },
  { field: "by", headerName: "By", minWidth: 180, flex: 1 },
  { field: "request", headerName: "Request", minWidth: 260, flex: 1 },
  { field: "reason", headerName: "Reason", flex: 2, minWidth: 200 },
  { field: "error", headerName: "Error", flex: 1, minWidth: 160 },
  { field: "graphRequestId", headerName: "Graph request id", minWidth: 200 },
  { field: "runKind", headerName: "Run", minWidth: 160, valueFormatter: (v: string) => runKindLabel(v) },
  { field: "ticket", headerName: "Ticket", minWidth: 120 },
];

/** The columns the server orders by: the keys must be exactly the API's sorts (lib/db/queries/history-page.ts), or this does not compile. */
const SORTED_BY_SERVER: Record<HistoryPageQuery["sort"], true> = { at: true };
for (const c of columns) if (!(c.field in SORTED_BY_SERVER)) c.sortable = false;

/**
 * History a page at a time (issue 19): the server renders the first page of what the address's
 * filters match; paging and the order ask the server (GET /api/history), so the browser never
 * receives a fleet's history whole, and the CSV is every match (GET /api/history/csv).
 */
export function HistoryView({
  initialPage,
  filter,
  facets,
  canUndo,
}: {
  /** The first page (newest first) of what `filter` matches, rendered on the server. */
  initialPage: HistoryPage;
  /** An operator or admin: the change drawer offers "Undo this change". */
  canUndo: boolean;
  filter: HistoryFilter;
  /** Tenants the filter offers before any search (the MSP's own, the one filtered by), and everyone who started a run. */
  facets: { tenants: TenantOption[]; users: string[] };
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [paging, setPaging] = useState<GridPaginationModel>({ page: FIRST_PAGE.page, pageSize: FIRST_PAGE.pageSize });
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: "at", sort: "desc" }]);
  const dir = sortModel[0]?.sort === "asc" ? "asc" : "desc";
  const params: HistoryPageParams = { page: paging.page, pageSize: paging.pageSize as HistoryPageParams["pageSize"], dir, filter };
  const history = useHistoryPage(params, { query: historyQueryString({ ...FIRST_PAGE, filter }), page: initialPage });
  const page = history.data ?? initialPage;
  const nonce = useNonce();
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        History
      </Typography>
      {/* A plain GET form: filters live in the URL, so a filtered view can be shared and reloaded. */}
      <Stack component="form" method="get" direction={{ xs: "column", md: "row" }} spacing={1.5} sx={{ alignItems: { md: "center" } }}>
        <TenantPicker name="tenant" known={facets.tenants} initial={facets.tenants.find((t) => t.id === filter.tenant) ?? null} />
        <TextField select size="small" name="user" label="By" defaultValue={filter.user ?? ""} sx={{ minWidth: 200 }}>
          <MenuItem value="">Anyone</MenuItem>
          {facets.users.map((u) => (
            <MenuItem key={u} value={u}>
              {u}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" name="result" label="Result" defaultValue={filter.result ?? ""} sx={{ minWidth: 140 }}>
          <MenuItem value="">Any result</MenuItem>
          {["applied", "failed", "skipped", "pending"].map((r) => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" type="date" name="from" label="From" defaultValue={filter.from ?? ""} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" type="date" name="to" label="To" defaultValue={filter.to ?? ""} slotProps={{ inputLabel: { shrink: true } }} />
        {filter.run ? <input type="hidden" name="run" value={filter.run} /> : null}
        <Button type="submit" variant="contained">
          Filter
        </Button>
        <Button href="/history">Clear</Button>
      </Stack>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" }, justifyContent: "space-between" }}>
        <Typography variant="body2" color="text.secondary" data-testid="history-summary">
          {page.total.toLocaleString("en-US")} {page.total === 1 ? "change" : "changes"}. Click a row to see its before, request, after and Graph&apos;s answer.
        </Typography>
        <DownloadCsvButton href={historyCsvAddress(filter, dir)} count={page.total} one="change" many="changes" />
      </Stack>
      <DataGrid
        nonce={nonce}
        rows={page.rows}
        columns={columns}
        showToolbar
        slotProps={{
          toolbar: {
            // The grid holds one page: a search, an export or a print of it would be that page only. The
            // filters above ask the server, and the download above is every change they match.
            showQuickFilter: false,
            csvOptions: { disableToolbarButton: true },
            printOptions: { disableToolbarButton: true },
          },
        }}
        initialState={{ columns: { columnVisibilityModel: { reason: false, error: false, graphRequestId: false, request: false } } }}
        pageSizeOptions={[25, 50, 100]}
        paginationMode="server"
        sortingMode="server"
        rowCount={page.total}
        loading={history.isFetching && history.isPlaceholderData}
        paginationModel={paging}
        onPaginationModelChange={setPaging}
        sortModel={sortModel}
        // Always an order: "When" turns between newest and oldest first, never to none.
        sortingOrder={["desc", "asc"]}
        onSortModelChange={(model) => {
          setSortModel(model.length ? model : [{ field: "at", sort: "desc" }]);
          setPaging((p) => ({ ...p, page: 0 }));
        }}
        disableColumnFilter
        density="compact"
        onRowClick={({ row }) => setOpen(row.id)}
        label="Remediation history"
        sx={{ "& .MuiDataGrid-row": { cursor: "pointer" } }}
      />
      <ChangeDrawer changeId={open} onClose={() => setOpen(null)} canUndo={canUndo} />
    </Stack>
  );
}
