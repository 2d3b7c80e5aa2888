"use client";
import SyncOutlined from "@mui/icons-material/SyncOutlined";
import Chip from "@mui/material/Chip";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { DataGrid, type GridColDef } from "@mui/x-data-grid";
import { useNonce } from "@/components/providers/nonce";
import NextLink from "next/link";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { accessLabel, gdapColor } from "./access";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function TenantsGrid({ rows, onSync }: { rows: TenantRow[]; onSync?: (tenantId: string) => void }) {
  const nonce = useNonce();
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
    { field: "gdapRoles", headerName: "Roles granted", flex: 1.4, minWidth: 200, valueGetter: (_v, row) => row.gdapRoles.join(", ") || "none" },
    {
      field: "accessHealth",
      headerName: "Access",
      minWidth: 170,
      flex: 1,
      valueGetter: (_v, row) => accessLabel(row.accessHealth).label,
      renderCell: ({ row }) => {
        const a = accessLabel(row.accessHealth);
        return (
          <Tooltip title={row.accessReason ?? ""}>
            <Chip size="small" label={a.label} color={a.color} />
          </Tooltip>
        );
      },
    },
    {
      field: "accessReason",
      headerName: "Reason",
      flex: 2.5,
      minWidth: 260,
      renderCell: ({ row }) => (
        <Tooltip title={row.accessReason ?? ""}>
          <span>{row.accessReason}</span>
        </Tooltip>
      ),
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
        <Tooltip title={`Sync ${row.displayName} now`}>
          <IconButton size="small" aria-label={`Sync ${row.displayName}`} onClick={() => onSync(row.id)}>
            <SyncOutlined fontSize="small" />
          </IconButton>
        </Tooltip>
      ),
    });
  }
  if (rows.length === 0) {
    return <Typography color="text.secondary">No customer tenants yet. Sync to read them from your GDAP relationships.</Typography>;
  }
  return (
    <DataGrid
      nonce={nonce}
      rows={rows}
      columns={columns}
      showToolbar
      slotProps={{ toolbar: { showQuickFilter: true, csvOptions: { fileName: "customer-tenants" } } }}
      initialState={{ columns: { columnVisibilityModel: { gdapRoles: false } }, pagination: { paginationModel: { pageSize: 50 } } }}
      pageSizeOptions={[25, 50, 100]}
      density="compact"
      disableRowSelectionOnClick
      label="Customer tenants"
    />
  );
}
