"use client";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { DataGrid, type GridColDef } from "@mui/x-data-grid";
import { useNonce } from "@/components/providers/nonce";
import { useState } from "react";
import type { ChangeRow, HistoryFilter } from "@/lib/db/queries/history";
import { ChangeDrawer } from "./ChangeDrawer";
import { TenantPicker, type TenantOption } from "./TenantPicker";
import { actionLabel, apiVersionOf, runKindLabel } from "./labels";

const RESULT_COLOR = { applied: "success", failed: "error", skipped: "default", pending: "warning" } as const;

const columns: GridColDef<ChangeRow>[] = [
  { field: "at", headerName: "When", minWidth: 170, valueFormatter: (v: string) => new Date(v).toLocaleString() },
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
  { field: "by", headerName: "By", minWidth: 180, flex: 1 },
  { field: "request", headerName: "Request", minWidth: 260, flex: 1 },
  { field: "reason", headerName: "Reason", flex: 2, minWidth: 200 },
  { field: "error", headerName: "Error", flex: 1, minWidth: 160 },
  { field: "graphRequestId", headerName: "Graph request id", minWidth: 200 },
  { field: "runKind", headerName: "Run", minWidth: 160, valueFormatter: (v: string) => runKindLabel(v) },
  { field: "ticket", headerName: "Ticket", minWidth: 120 },
];

/** Proof of access (lib/proof): what Graph's What If said after the run wrote to the tenant ("proven: gets in"). */
function withProofs(proofs: Readonly<Record<string, string>>): GridColDef<ChangeRow>[] {
  const proof: GridColDef<ChangeRow> = {
    field: "proof",
    headerName: "Proof of access",
    minWidth: 200,
    flex: 1,
    valueGetter: (_v, row) => proofs[`${row.runId} ${row.tenantId}`] ?? "",
  };
  const at = columns.findIndex((c) => c.field === "api") + 1;
  return [...columns.slice(0, at), proof, ...columns.slice(at)];
}

export function HistoryView({
  rows,
  filter,
  facets,
  limit,
  canUndo,
  proofs = {},
}: {
  rows: ChangeRow[];
  /** An operator or admin: the change drawer offers "Undo this change". */
  canUndo: boolean;
  /** "<runId> <tenantId>" -> the proof's headline after that run's writes. */
  proofs?: Readonly<Record<string, string>>;
  /** The most rows one page shows (lib/db/queries/history-limit.ts). */
  limit: number;
  filter: HistoryFilter;
  /** Tenants the filter offers before any search (the MSP's own, the one filtered by), and everyone who started a run. */
  facets: { tenants: TenantOption[]; users: string[] };
}) {
  const [open, setOpen] = useState<string | null>(null);
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
      <Typography variant="body2" color="text.secondary">
        {rows.length} changes{rows.length >= limit ? ` (the newest ${limit.toLocaleString()}; narrow the filters to see older ones)` : ""}. Click a row to see
        its before, request, after and Graph&apos;s answer.
      </Typography>
      <DataGrid
        nonce={nonce}
        rows={rows}
        columns={withProofs(proofs)}
        showToolbar
        slotProps={{ toolbar: { showQuickFilter: true, csvOptions: { fileName: "remediation-history" } } }}
        initialState={{
          columns: { columnVisibilityModel: { reason: false, error: false, graphRequestId: false, request: false } },
          pagination: { paginationModel: { pageSize: 50 } },
        }}
        pageSizeOptions={[25, 50, 100]}
        density="compact"
        onRowClick={({ row }) => setOpen(row.id)}
        label="Remediation history"
        sx={{ "& .MuiDataGrid-row": { cursor: "pointer" } }}
      />
      <ChangeDrawer changeId={open} onClose={() => setOpen(null)} canUndo={canUndo} />
    </Stack>
  );
}
