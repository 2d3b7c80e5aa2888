"use client";
// The audit page: the audit log newest first, filtered and paged on the server (filters and page
// live in the URL: a plain GET form), with the same filters as a CSV.
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { DataGrid, type GridColDef } from "@mui/x-data-grid";
import { useNonce } from "@/components/providers/nonce";
import type { AuditQuery, AuditRow } from "@/lib/audit/read";

const RESULT_COLOR = { success: "success", denied: "warning", failed: "error" } as const;

const columns: GridColDef<AuditRow>[] = [
  { field: "at", headerName: "When", minWidth: 170, valueFormatter: (v: string) => new Date(v).toLocaleString() },
  { field: "actor", headerName: "Who", minWidth: 200, flex: 1, valueGetter: (_v, row) => row.actor ?? "not signed in" },
  { field: "action", headerName: "Action", minWidth: 180 },
  {
    field: "result",
    headerName: "Result",
    width: 100,
    renderCell: ({ row }) => <Chip size="small" label={row.result} color={RESULT_COLOR[row.result as keyof typeof RESULT_COLOR] ?? "default"} />,
  },
  { field: "count", headerName: "Times", width: 80, type: "number" },
  { field: "tenantName", headerName: "Tenant", minWidth: 160, flex: 1, valueGetter: (_v, row) => row.tenantName ?? row.tenantId ?? "" },
  { field: "ip", headerName: "Client address", minWidth: 130 },
  { field: "detail", headerName: "Detail", minWidth: 260, flex: 2 },
];

const RESULTS = ["success", "denied", "failed"] as const;

export function AuditView(props: {
  rows: AuditRow[];
  total: number;
  page: number;
  pages: number;
  query: AuditQuery;
  facets: { actions: string[]; tenants: { id: string; displayName: string }[] };
}) {
  const { query, facets } = props;
  const nonce = useNonce();
  const filters = new URLSearchParams(
    Object.entries({ actor: query.actor, action: query.action, result: query.result, tenant: query.tenant, from: query.from, to: query.to }).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  const pageHref = (page: number) => `/audit?${new URLSearchParams([...filters, ["page", String(page)]])}`;
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Audit log
      </Typography>
      <Stack
        component="form"
        method="get"
        aria-label="Audit filters"
        direction={{ xs: "column", md: "row" }}
        spacing={1.5}
        sx={{ alignItems: { md: "center" }, flexWrap: "wrap" }}
      >
        <TextField size="small" name="actor" label="Who (UPN contains)" defaultValue={query.actor ?? ""} sx={{ minWidth: 200 }} />
        <TextField select size="small" name="action" label="Action" defaultValue={query.action ?? ""} sx={{ minWidth: 180 }}>
          <MenuItem value="">Any action</MenuItem>
          {facets.actions.map((a) => (
            <MenuItem key={a} value={a}>
              {a}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" name="result" label="Result" defaultValue={query.result ?? ""} sx={{ minWidth: 130 }}>
          <MenuItem value="">Any result</MenuItem>
          {RESULTS.map((r) => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" name="tenant" label="Tenant" defaultValue={query.tenant ?? ""} sx={{ minWidth: 180 }}>
          <MenuItem value="">Any tenant</MenuItem>
          {facets.tenants.map((t) => (
            <MenuItem key={t.id} value={t.id}>
              {t.displayName}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" type="date" name="from" label="From (UTC)" defaultValue={query.from ?? ""} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" type="date" name="to" label="To (UTC)" defaultValue={query.to ?? ""} slotProps={{ inputLabel: { shrink: true } }} />
        <Button type="submit" variant="contained">
          Filter
        </Button>
        <Button href="/audit">Clear</Button>
        <Button href={`/api/audit/csv?${filters}`} variant="outlined">
          CSV
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="audit-count">
        {props.total.toLocaleString()} {props.total === 1 ? "event" : "events"}, newest first. Failures of requests nobody was signed in for are counted per
        minute, client address and reason on one row (Times).
      </Typography>
      <DataGrid
        nonce={nonce}
        rows={props.rows}
        columns={columns}
        hideFooter
        density="compact"
        label="Audit log"
        getRowHeight={() => "auto"}
        sx={{ "& .MuiDataGrid-cell": { py: 0.5 } }}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: "center" }} component="nav" aria-label="Audit pages">
        <Button href={pageHref(props.page - 1)} disabled={props.page <= 1}>
          Newer
        </Button>
        <Typography variant="body2" data-testid="audit-page">
          Page {props.page} of {props.pages}
        </Typography>
        <Button href={pageHref(props.page + 1)} disabled={props.page >= props.pages}>
          Older
        </Button>
      </Stack>
    </Stack>
  );
}
