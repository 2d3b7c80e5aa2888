"use client";
// Steps 1 and 2 of the bulk fix: choose the tenants, choose the options, then start the preview job
// (server action) and go to its page. Nothing is written here: a preview only reads.
import ArrowBackOutlined from "@mui/icons-material/ArrowBackOutlined";
import ArrowForwardOutlined from "@mui/icons-material/ArrowForwardOutlined";
import PreviewOutlined from "@mui/icons-material/PreviewOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTenants } from "@/components/data/queries";
import { useState } from "react";
import { startBulkPreviewAction } from "@/app/bulk/actions";
import type { BulkOptions } from "@/lib/bulk/options";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { BulkOptionsStep, DEFAULT_BULK_OPTIONS } from "./BulkOptionsStep";
import { BulkStepper } from "./BulkStepper";
import { plural } from "./format";
import { takeHandedOffSelection } from "./handoff";
import { selectedIds } from "./selection";
import { TenantSelectionStep } from "./TenantSelectionStep";
import { useOpenPreview } from "./use-open-preview";

export function BulkWizard({ initial }: { initial: TenantRow[] }) {
  const { data } = useTenants(initial);
  const rows = data ?? initial;
  const [step, setStep] = useState<0 | 1>(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(takeHandedOffSelection()));
  const [options, setOptions] = useState<BulkOptions>(DEFAULT_BULK_OPTIONS);
  const { busy: starting, error, start } = useOpenPreview(startBulkPreviewAction);
  const tenantIds = selectedIds(rows, selected);

  const preview = () => start({ tenantIds, options });

  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Bulk fix
      </Typography>
      <BulkStepper active={step} />
      {step === 0 ? (
        <>
          <Typography component="h2" variant="h6">
            Select tenants
          </Typography>
          <TenantSelectionStep rows={rows} selected={selected} onChange={setSelected} />
          <Stack direction="row" sx={{ justifyContent: "flex-end" }}>
            <Button variant="contained" endIcon={<ArrowForwardOutlined />} disabled={tenantIds.length === 0} onClick={() => setStep(1)}>
              Next
            </Button>
          </Stack>
        </>
      ) : (
        <>
          <Typography component="h2" variant="h6">
            Options
          </Typography>
          <Typography color="text.secondary">
            {plural(tenantIds.length, "tenant", "tenants")} selected. The preview reads each one live; nothing is changed until you confirm the run.
          </Typography>
          <BulkOptionsStep options={options} onChange={setOptions} />
          {error ? <Alert severity="error">The preview could not be started: {error}</Alert> : null}
          <Stack direction="row" spacing={1} sx={{ justifyContent: "space-between" }}>
            <Button startIcon={<ArrowBackOutlined />} disabled={starting} onClick={() => setStep(0)}>
              Back
            </Button>
            <Button
              variant="contained"
              startIcon={starting ? <CircularProgress size={16} aria-hidden /> : <PreviewOutlined />}
              disabled={starting || tenantIds.length === 0}
              onClick={preview}
            >
              Preview
            </Button>
          </Stack>
        </>
      )}
    </Stack>
  );
}
