"use client";
import DoneAllOutlined from "@mui/icons-material/DoneAllOutlined";
import SyncOutlined from "@mui/icons-material/SyncOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { useTenants } from "@/components/data/queries";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { handOffSelection } from "@/components/bulk/handoff";
import { syncAllTenants, syncTenantNow, type SyncStarted } from "@/app/tenants/actions";
import { AutomationBanner, type ReadinessView } from "@/components/shell/AutomationBanner";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { PRESET_NAMES, PRESETS, type Preset } from "./presets";
import { SyncProgress } from "./SyncProgress";
import { syncProgress, type SyncState } from "./sync-progress";
import { TenantsGrid } from "./TenantsGrid";

/** While a sync runs the table refreshes itself; it stops a while after the last change. */
const WATCH_MS = 90_000;

export function TenantsView({
  initial,
  canSync,
  automation,
  show = "all",
}: {
  initial: TenantRow[];
  canSync: boolean;
  automation: ReadinessView;
  /** The preset filter the address asked for (`?show=`), e.g. from a dashboard figure. */
  show?: Preset;
}) {
  const [preset, setPreset] = useState<Preset>(show);
  const router = useRouter();
  // Operators may tick tenants here and take them into the bulk fix (the same role syncs and fixes).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [watchUntil, setWatchUntil] = useState(0);
  const [sync, setSync] = useState<SyncState | null>(null);
  // A refused start stays on the page (not a toast that goes away): it says why and where to fix it.
  const [refusal, setRefusal] = useState<{ message: string; settings: boolean } | null>(null);
  // The table refreshes while a sync is still going, however long it takes (read by the poll's timer).
  const syncing = useRef(false);
  const { data } = useTenants(initial, () => (syncing.current || Date.now() < watchUntil ? 2000 : false));
  const rows = data ?? initial;
  useEffect(() => {
    syncing.current = sync !== null && !syncProgress(rows, sync).done;
  }, [rows, sync]);

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
      {sync ? <SyncProgress rows={rows} sync={sync} /> : null}
      <Typography variant="body2" color="text.secondary" data-testid="tenants-summary">
        {rows.length} tenants · {rows.reduce((n, r) => n + (r.needsFixCount ?? 0), 0)} policies need the exclusion ·{" "}
        {rows.reduce((n, r) => n + (r.needsReviewCount ?? 0), 0)} need review · {blocked} block the MSP with Conditional Access · {unreachable} cannot be
        reached
      </Typography>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={preset}
        aria-label="Show"
        onChange={(_e, value: Preset | null) => {
          if (!value) return;
          setPreset(value);
          // The address says what is shown, so the view can be shared and comes back on reload.
          window.history.replaceState(null, "", value === "all" ? "/tenants" : `/tenants?show=${value}`);
        }}
        sx={{ flexWrap: "wrap" }}
      >
        {PRESET_NAMES.map((name) => (
          <ToggleButton key={name} value={name} data-testid={`preset-${name}`}>
            {PRESETS[name].label} ({rows.filter(PRESETS[name].test).length})
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <TenantsGrid
        rows={preset === "all" ? rows : rows.filter(PRESETS[preset].test)}
        onSync={canSync ? (id) => run(() => syncTenantNow({ tenantId: id }), id) : undefined}
        selection={canSync ? { selected, onChange: setSelected } : undefined}
      />
    </Stack>
  );
}
