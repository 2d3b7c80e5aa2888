"use client";
// Step 1: the tenants table with the wizard's filters and checkbox selection. The page filters the
// rows itself (not the grid's toolbar) so "select all N matching" means exactly what is shown. The
// tenants whose GDAP sign-in is blocked (What If) are one click: ticked and shown.
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { useMemo, useState } from "react";
import { TenantsGrid } from "@/components/tenants/TenantsGrid";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { FILTER_TITLES, TENANT_FILTERS, filterTenants, selectAllMatching, selectionSummary, signInBlockedIds, type TenantFilter } from "./selection";

export function TenantSelectionStep({ rows, selected, onChange }: { rows: TenantRow[]; selected: ReadonlySet<string>; onChange: (next: Set<string>) => void }) {
  const [filter, setFilter] = useState<TenantFilter>("all");
  const [search, setSearch] = useState("");
  const shown = useMemo(() => filterTenants(rows, filter, search), [rows, filter, search]);
  const shownIds = useMemo(() => shown.map((r) => r.id), [shown]);
  const shownSelected = shownIds.filter((id) => selected.has(id)).length;
  const count = rows.filter((r) => selected.has(r.id)).length;
  const allShownSelected = shown.length > 0 && shownSelected === shown.length;
  const blockedIds = useMemo(() => signInBlockedIds(rows), [rows]);

  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: { md: "center" } }}>
        <ToggleButtonGroup exclusive size="small" value={filter} onChange={(_e, v: TenantFilter | null) => v && setFilter(v)} aria-label="Show tenants">
          {TENANT_FILTERS.map((f) => {
            const button = (
              <ToggleButton key={f.value} value={f.value}>
                {f.label}
              </ToggleButton>
            );
            const title = FILTER_TITLES[f.value];
            return title ? (
              <Tooltip key={f.value} title={title} describeChild>
                {button}
              </Tooltip>
            ) : (
              button
            );
          })}
        </ToggleButtonGroup>
        <TextField type="search" size="small" label="Search tenants" value={search} onChange={(e) => setSearch(e.target.value)} sx={{ minWidth: 260 }} />
      </Stack>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" } }}>
        <Typography role="status" data-testid="bulk-selection-summary" sx={{ flexGrow: 1 }}>
          {selectionSummary(count, count - shownSelected)}
        </Typography>
        <Button variant="outlined" disabled={allShownSelected || shown.length === 0} onClick={() => onChange(selectAllMatching(selected, shownIds))}>
          Select all {shown.length} matching
        </Button>
        <Tooltip
          title="Ticks every tenant whose newest proof of access (Graph's What If) says a GDAP sign-in of the MSP is blocked, and shows them."
          describeChild
        >
          <span>
            <Button
              variant="outlined"
              color="error"
              disabled={blockedIds.length === 0 || blockedIds.every((id) => selected.has(id))}
              onClick={() => {
                onChange(selectAllMatching(selected, blockedIds));
                setFilter("signin-blocked");
                setSearch("");
              }}
            >
              Select the {blockedIds.length} with GDAP sign-in blocked
            </Button>
          </span>
        </Tooltip>
        <Button disabled={count === 0} onClick={() => onChange(new Set())}>
          Clear selection
        </Button>
      </Stack>
      <TenantsGrid
        rows={shown}
        quickFilter={false}
        selection={{ selected, onChange, wizard: true }}
        emptyText={rows.length === 0 ? undefined : "No tenant matches the filter."}
      />
    </Stack>
  );
}
