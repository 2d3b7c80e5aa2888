"use client";
// A run waiting for approval: the approval panel above the same preview its requester confirmed
// (totals, then each tenant's planned changes, opened on demand), and Cancel for anyone who may.
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { cancelRunAction } from "@/app/runs/actions";
import { PreviewTenantRow } from "@/components/bulk/PreviewTenantRow";
import { PreviewTotals } from "@/components/bulk/PreviewTotals";
import { unwrap } from "@/components/data/fetch";
import { KEYS, useRunPreview } from "@/components/data/queries";
import type { RunView } from "@/lib/runs/views";
import { ApprovalPanel } from "./ApprovalPanel";

const NO_TICKS: ReadonlySet<string> = new Set();

export function AwaitingApproval({ run }: { run: RunView }) {
  const preview = useRunPreview(run.id);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  // Only the tenants with something chosen to write: not those whose only changes were needs-review policies left unticked.
  const tenants = (preview.data?.tenants ?? []).filter((t) => (t.chosen ?? 0) > 0);

  async function cancel() {
    setError(null);
    try {
      await unwrap(cancelRunAction({ runId: run.id }));
      void queryClient.invalidateQueries({ queryKey: KEYS.run(run.id) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Stack spacing={2}>
      <ApprovalPanel run={run} />
      <Typography component="h2" variant="h6">
        What it will change
      </Typography>
      {preview.isPending ? <CircularProgress size={24} aria-label="Loading the preview" /> : null}
      {preview.data ? <PreviewTotals totals={preview.data.totals} /> : null}
      <Box>
        {tenants.map((t) => (
          <PreviewTenantRow key={t.tenantId} previewId={run.id} tenant={t} offerNeedsReview={false} confirmed={NO_TICKS} onConfirm={() => undefined} locked />
        ))}
      </Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
          Asked by mistake? Cancelling ends the request; nothing was written.
        </Typography>
        <Button variant="outlined" color="error" onClick={cancel}>
          Cancel the request
        </Button>
      </Stack>
      {error ? <Typography color="error">{error}</Typography> : null}
    </Stack>
  );
}
