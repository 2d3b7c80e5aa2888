"use client";
// Any run by its id (/runs/{id}): where an approver is sent, and where every kind of run can be
// followed. Waiting for approval: the approval and the preview; otherwise the run's progress,
// tenants and, once ended, its summary (the same body as the bulk wizard's run step).
import Alert from "@mui/material/Alert";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { RunBody } from "@/components/bulk/BulkRunPage";
import { useRun } from "@/components/data/queries";
import { runKindLabel } from "@/components/history/labels";
import { AwaitingApproval } from "./AwaitingApproval";

export function RunPage({ runId }: { runId: string }) {
  const run = useRun(runId);
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }}>
      <Typography variant="h4" component="h1">
        {run.data ? `${runKindLabel(run.data.kind)} by ${run.data.requestedBy}` : "Run"}
      </Typography>
      {run.isPending ? <CircularProgress size={24} aria-label="Loading the run" /> : null}
      {run.error && !run.data ? <Alert severity="error">{run.error.message}</Alert> : null}
      {run.data?.status === "awaiting_approval" ? <AwaitingApproval run={run.data} /> : run.data ? <RunBody run={run.data} /> : null}
    </Stack>
  );
}
