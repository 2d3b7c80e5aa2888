"use client";
import DoneAllOutlined from "@mui/icons-material/DoneAllOutlined";
import SyncOutlined from "@mui/icons-material/SyncOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTenants } from "@/components/data/queries";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { handOffSelection } from "@/components/bulk/handoff";
import { syncAllTenants, syncTenantNow } from "@/app/tenants/actions";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { TenantsGrid } from "./TenantsGrid";

/** While a sync runs the table refreshes itself; it stops a while after the last change. */
const WATCH_MS = 90_000;

export function TenantsView({ initial, canSync }: { initial: TenantRow[]; canSync: boolean }) {
  const router = useRouter();
  // Operators may tick tenants here and take them into the bulk fix (the same role syncs and fixes).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [watchUntil, setWatchUntil] = useState(0);
  const [message, setMessage] = useState<{ text: string; severity: "success" | "error" } | null>(null);
  const { data } = useTenants(initial, () => (Date.now() < watchUntil ? 2000 : false));
  const rows = data ?? initial;

  async function run(start: () => Promise<{ ok: boolean; error?: { message: string } }>, started: string) {
    const result = await start();
    if (result.ok) {
      setWatchUntil(Date.now() + WATCH_MS);
      setMessage({ text: started, severity: "success" });
    } else {
      setMessage({ text: result.error?.message ?? "The sync could not be started.", severity: "error" });
    }
  }

  const blocked = rows.filter((r) => r.accessHealth === "blocked-by-ca").length;
  const unreachable = rows.filter((r) => r.accessHealth && !["delegated", "app-only", "blocked-by-ca"].includes(r.accessHealth)).length;
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
              handOffSelection(rows.filter((r) => selected.has(r.id)).map((r) => r.id));
              router.push("/bulk");
            }}
          >
            Bulk fix…
          </Button>
        ) : null}
        {canSync ? (
          <Button
            variant="contained"
            startIcon={<SyncOutlined />}
            onClick={() => run(() => syncAllTenants({}), "Sync started: reading GDAP relationships and every tenant's policies.")}
          >
            Sync all
          </Button>
        ) : null}
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="tenants-summary">
        {rows.length} tenants · {rows.reduce((n, r) => n + (r.needsFixCount ?? 0), 0)} policies need the exclusion ·{" "}
        {rows.reduce((n, r) => n + (r.needsReviewCount ?? 0), 0)} need review · {blocked} block the MSP with Conditional Access · {unreachable} cannot be
        reached
      </Typography>
      <TenantsGrid
        rows={rows}
        onSync={canSync ? (id) => run(() => syncTenantNow({ tenantId: id }), "Sync of the tenant started.") : undefined}
        selection={canSync ? { selected, onChange: setSelected } : undefined}
      />
      <Snackbar open={!!message} autoHideDuration={6000} onClose={() => setMessage(null)}>
        {message ? <Alert severity={message.severity}>{message.text}</Alert> : undefined}
      </Snackbar>
    </Stack>
  );
}
