"use client";
// Every tenant of the run with its status and counts, updated by the page's polling; also the
// summary's per-tenant outcome once the run has ended.
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Tooltip from "@mui/material/Tooltip";
import { DataGrid, type GridColDef } from "@mui/x-data-grid";
import NextLink from "next/link";
import { useNonce } from "@/components/providers/nonce";
import type { RunTenantProgressStatus, RunTenantView } from "@/lib/runs/views";
import { historyHref, readableTimes, TENANT_STATUS } from "./run-model";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : "");

export function RunTenantsGrid({ runId, tenants }: { runId: string; tenants: RunTenantView[] }) {
  const nonce = useNonce();
  const columns: GridColDef<RunTenantView>[] = [
    {
      field: "displayName",
      headerName: "Tenant",
      flex: 1.4,
      minWidth: 180,
      renderCell: ({ row }) => (
        <Link component={NextLink} href={`/tenants/${row.tenantId}`} underline="hover">
          {row.displayName}
        </Link>
      ),
    },
    {
      field: "status",
      headerName: "Status",
      width: 190,
      valueGetter: (_v, row) => TENANT_STATUS[row.status as RunTenantProgressStatus]?.label ?? row.status,
      renderCell: ({ row }) => {
        const s = TENANT_STATUS[row.status as RunTenantProgressStatus] ?? { label: row.status, color: "default" as const };
        return <Chip size="small" label={s.label} color={s.color} data-testid="tenant-status" data-status={row.status} />;
      },
    },
    { field: "applied", headerName: "Changed", type: "number", width: 95 },
    { field: "skipped", headerName: "Skipped", type: "number", width: 90 },
    { field: "failed", headerName: "Failed", type: "number", width: 85 },
    { field: "pending", headerName: "Pending", type: "number", width: 90 },
    {
      field: "error",
      headerName: "Reason",
      flex: 2.5,
      minWidth: 240,
      renderCell: ({ row }) => (
        <Tooltip title={row.error ? readableTimes(row.error) : ""}>
          <span>{row.error ? readableTimes(row.error) : null}</span>
        </Tooltip>
      ),
    },
    { field: "startedAt", headerName: "Started", width: 110, valueFormatter: (v: string | null) => when(v) },
    { field: "finishedAt", headerName: "Finished", width: 110, valueFormatter: (v: string | null) => when(v) },
    {
      field: "history",
      headerName: "History",
      width: 100,
      sortable: false,
      filterable: false,
      disableExport: true,
      renderCell: ({ row }) => (
        <Link component={NextLink} href={historyHref(runId, row.tenantId)} aria-label={`History of ${row.displayName} in this run`}>
          History
        </Link>
      ),
    },
  ];
  return (
    <DataGrid
      nonce={nonce}
      rows={tenants}
      getRowId={(r) => r.tenantId}
      columns={columns}
      showToolbar
      slotProps={{ toolbar: { showQuickFilter: true, csvOptions: { fileName: `bulk-run-${runId}` } } }}
      initialState={{ pagination: { paginationModel: { pageSize: 50 } }, columns: { columnVisibilityModel: { startedAt: false } } }}
      pageSizeOptions={[25, 50, 100]}
      density="compact"
      disableRowSelectionOnClick
      label="Tenants in this run"
    />
  );
}
