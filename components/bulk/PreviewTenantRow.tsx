"use client";
// One tenant of the bulk preview: a summary line that expands into its planned changes (read from
// the server only when opened), reusing the per-tenant preview's policy view and users diff.
import ExpandMoreOutlined from "@mui/icons-material/ExpandMoreOutlined";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { NothingToDoItem, PolicyPreviewItem } from "@/components/fix/PolicyPreviewItem";
import { accessLabel } from "@/components/tenants/access";
import type { PreviewTenantSummary } from "@/lib/runs/views";
import { useRunPreviewTenant } from "@/components/data/queries";
import { isLeftOut } from "./preview-model";

function TenantChips({ tenant }: { tenant: PreviewTenantSummary }) {
  if (tenant.status === "reading") return <Chip size="small" label="Reading…" />;
  if (tenant.status === "unreachable")
    return <Chip size="small" color="warning" label={tenant.problem ? accessLabel(tenant.problem.problem).label : "Unreachable"} />;
  if (isLeftOut(tenant))
    return (
      <>
        <Chip size="small" color="warning" label="Read-only GDAP: left out" data-testid="left-out-chip" />
        {tenant.toChange > 0 ? <Chip size="small" variant="outlined" label={`${tenant.toChange} would change`} /> : null}
      </>
    );
  return (
    <>
      <Chip size="small" color={tenant.toChange > 0 ? "warning" : "default"} label={`${tenant.toChange} to change`} />
      {tenant.needsReview > 0 ? <Chip size="small" color="error" label={`${tenant.needsReview} need review`} /> : null}
      <Chip size="small" variant="outlined" label={`${tenant.toSkip} to skip`} />
    </>
  );
}

/** The row's detail is given all of the row's props (it is the row, opened). */
interface PreviewTenantProps {
  previewId: string;
  tenant: PreviewTenantSummary;
  offerNeedsReview: boolean;
  confirmed: ReadonlySet<string>;
  onConfirm: (policyId: string, on: boolean) => void;
  locked: boolean;
}

function TenantDetail({ previewId, tenant, offerNeedsReview, confirmed, onConfirm, locked }: PreviewTenantProps) {
  const detail = useRunPreviewTenant(previewId, tenant.tenantId, true);
  if (detail.isPending) {
    return (
      <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
        <CircularProgress size={18} aria-label={`Loading the planned changes of ${tenant.displayName}`} />
        <Typography variant="body2">Loading the planned changes…</Typography>
      </Stack>
    );
  }
  if (detail.error) return <Alert severity="error">The planned changes could not be loaded: {detail.error.message}</Alert>;
  const d = detail.data;
  const leftOut = isLeftOut(tenant);
  if (d.problem && !leftOut) return <Alert severity="warning">{d.problem.message}</Alert>;
  // Without the option, needs-review policies are not part of the run: shown, but as left alone.
  const planned = d.policies.filter((p) => p.request !== null && (offerNeedsReview || !p.requiresConfirmation));
  const left = d.policies.filter((p) => !planned.includes(p));
  return (
    <Stack spacing={2}>
      {d.access?.path === "app-only" ? (
        <Alert severity="info">
          Read with the portal&apos;s app-only permissions: {d.access.fallbackReason ?? "the delegated (GDAP) sign-in was refused at the last sync."}
        </Alert>
      ) : null}
      {leftOut && d.problem ? (
        <Alert severity="warning" data-testid="left-out-reason">
          {d.problem.message} The changes below are what it would need.
        </Alert>
      ) : null}
      {planned.length === 0 ? <Typography variant="body2">Nothing to change in this tenant.</Typography> : null}
      {planned.map((p) => (
        <PolicyPreviewItem
          key={p.key}
          policy={p}
          checked={confirmed.has(p.key)}
          onCheck={(on) => onConfirm(p.key, on)}
          locked={locked}
          change={undefined}
          waiting={false}
        />
      ))}
      {left.length > 0 ? (
        <Box component="section" aria-label={`Policies left alone in ${tenant.displayName}`}>
          <Typography component="h4" variant="subtitle2">
            Left alone ({left.length})
          </Typography>
          {!offerNeedsReview && left.some((p) => p.requiresConfirmation) ? (
            <Typography variant="body2" color="text.secondary">
              Policies that need review are left alone: the option to include them was off.
            </Typography>
          ) : null}
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {left.map((p) => (
              <NothingToDoItem key={p.key} policy={p} />
            ))}
          </Box>
        </Box>
      ) : null}
    </Stack>
  );
}

export function PreviewTenantRow(props: PreviewTenantProps) {
  const { tenant } = props;
  const [open, setOpen] = useState(false);
  const ticked = props.offerNeedsReview && props.confirmed.size > 0 ? props.confirmed.size : 0;
  return (
    <Accordion
      disableGutters
      expanded={open}
      onChange={(_e, v) => setOpen(v)}
      disabled={tenant.status === "reading"}
      slotProps={{ transition: { unmountOnExit: true } }}
      data-testid="preview-tenant"
      data-tenant-id={tenant.tenantId}
      data-status={tenant.status}
    >
      <AccordionSummary expandIcon={<ExpandMoreOutlined />} aria-label={`${tenant.displayName}: planned changes`}>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap", width: "100%" }}>
          <Typography sx={{ flex: "1 1 260px", fontWeight: 500 }}>{tenant.displayName}</Typography>
          <TenantChips tenant={tenant} />
          {ticked > 0 ? <Chip size="small" color="primary" label={`${ticked} review confirmed`} /> : null}
        </Stack>
      </AccordionSummary>
      <AccordionDetails>{open ? <TenantDetail {...props} /> : null}</AccordionDetails>
    </Accordion>
  );
}
