"use client";
// Steps 4 and 5: the run's live progress (polled every second until it ends), Cancel, and once it
// has ended the summary. The run lives on the server: this page only watches it.
import StopCircleOutlined from "@mui/icons-material/StopCircleOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { cancelRunAction } from "@/app/runs/actions";
import type { RunView } from "@/lib/runs/views";
import { ApprovalPanel } from "@/components/runs/ApprovalPanel";
import { AwaitingApproval } from "@/components/runs/AwaitingApproval";
import { BulkStepper } from "./BulkStepper";
import { CancelRunDialog } from "./CancelRunDialog";
import { KEYS, useRun } from "@/components/data/queries";
import { runHeadline } from "./run-model";
import { RunProgress } from "./RunProgress";
import { RunSummary } from "./RunSummary";
import { RunTenantsGrid } from "./RunTenantsGrid";

const at = (iso: string) => new Date(iso).toLocaleTimeString();

/** A run's progress, Cancel, tenants and summary (also the body of /runs/{id}). */
export function RunBody({ run }: { run: RunView }) {
  const queryClient = useQueryClient();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ack, setAck] = useState<{ acknowledgedAt: string; note: string | null } | null>(null);
  const headline = runHeadline(run);
  const cancelRequestedAt = ack?.acknowledgedAt ?? run.cancelRequestedAt;

  async function cancel() {
    setBusy(true);
    setError(null);
    const result = await cancelRunAction({ runId: run.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setAck(result.data);
    setDialogOpen(false);
    // Show the run's new state now rather than at the next tick.
    void queryClient.invalidateQueries({ queryKey: KEYS.run(run.id) });
  }

  if (run.status === "awaiting_approval") return <AwaitingApproval run={run} />;
  // Rejected, expired, or cancelled while it waited: it never started, so there is no progress to show.
  if (run.approval && run.approval.decision !== "approved" && run.startedAt === null && run.ended) {
    return (
      <Stack spacing={2}>
        <ApprovalPanel run={run} />
        {run.approval.decision === null && run.summary ? <Alert severity="warning">{run.summary}</Alert> : null}
      </Stack>
    );
  }
  return (
    <Stack spacing={2}>
      <ApprovalPanel run={run} />
      <Alert severity={headline.severity} role="status" data-testid="run-headline" data-status={run.status} data-ended={run.ended}>
        {headline.text}
      </Alert>
      {cancelRequestedAt ? (
        // The exact instant (not only the shown seconds) lets a check compare it with Graph's log.
        <Alert severity="warning" data-testid="cancel-acknowledged" data-acknowledged-at={cancelRequestedAt}>
          Cancel acknowledged at {at(cancelRequestedAt)}
          {run.cancelRequestedBy && !ack ? ` (by ${run.cancelRequestedBy})` : ""}; no new write starts.
          {/* No count here: tenants still running when it was acknowledged may yet finish; the chips and the summary say how each ended. */}
          {run.ended ? "" : " The summary will list the tenants not done."}
          {ack?.note ? ` ${ack.note}` : ""}
        </Alert>
      ) : null}
      <RunProgress run={run} />
      {run.leftOut.length > 0 ? (
        <Alert severity="info" data-testid="run-left-out">
          Left out by the preview, nothing sent: {run.leftOut.map((t) => `${t.displayName} (${t.reason})`).join("; ")}
        </Alert>
      ) : null}
      {run.ended ? null : (
        <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
          <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
            Leaving this page does not stop the run: it runs on the server, and this page shows where it stands whenever you come back.
          </Typography>
          <Button
            variant="outlined"
            color="error"
            startIcon={<StopCircleOutlined />}
            sx={{ flexShrink: 0, whiteSpace: "nowrap" }}
            disabled={cancelRequestedAt !== null}
            onClick={() => {
              setError(null);
              setDialogOpen(true);
            }}
          >
            Cancel run
          </Button>
        </Stack>
      )}
      {run.ended ? <RunSummary run={run} /> : null}
      <Typography component="h2" variant="h6">
        Tenants
      </Typography>
      <RunTenantsGrid runId={run.id} tenants={run.tenants} />
      <CancelRunDialog open={dialogOpen} busy={busy} error={error} onConfirm={cancel} onClose={() => setDialogOpen(false)} />
    </Stack>
  );
}

export function BulkRunPage({ runId }: { runId: string }) {
  const run = useRun(runId);
  const ended = run.data?.ended === true;
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Bulk fix: {ended ? "summary" : "run"}
      </Typography>
      <BulkStepper active={ended ? 4 : 3} />
      {run.isPending ? (
        <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
          <CircularProgress size={24} aria-label="Loading the run" />
          <Typography>Loading the run…</Typography>
        </Stack>
      ) : null}
      {run.error ? (
        <Alert severity={run.data ? "warning" : "error"}>{run.data ? `The last update failed (${run.error.message}); still trying.` : run.error.message}</Alert>
      ) : null}
      {run.data ? <RunBody run={run.data} /> : null}
    </Stack>
  );
}
