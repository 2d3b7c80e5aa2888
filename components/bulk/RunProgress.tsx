// The live part of the run page: the overall bar, tenants and policies by outcome, and the clock.
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { RunView } from "@/lib/runs/views";
import { formatDuration, formatTimeLeft, percent } from "./format";
import { statusChips } from "./run-model";

export function RunProgress({ run }: { run: RunView }) {
  const left = formatTimeLeft(run.estimatedSecondsLeft, run.ended);
  return (
    <Stack spacing={1.5}>
      <Stack spacing={0.5}>
        <Typography data-testid="run-progress-text">
          {run.progress.done} of {run.progress.total} tenants finished
        </Typography>
        <LinearProgress
          variant={run.status === "queued" ? "indeterminate" : "determinate"}
          value={percent(run.progress.done, run.progress.total)}
          aria-label="Tenants finished"
          color={run.ended && run.status !== "succeeded" ? "warning" : "primary"}
        />
      </Stack>
      <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", alignItems: "center" }} role="group" aria-label="Tenants by outcome">
        {statusChips(run.tenantsByStatus).map((c) => (
          <Chip key={c.status} color={c.color} label={`${c.label}: ${c.count}`} data-testid="run-status-chip" data-status={c.status} data-count={c.count} />
        ))}
      </Stack>
      <Typography variant="body2" data-testid="run-policy-counts">
        Policies: {run.policies.applied} changed · {run.policies.skipped} skipped · {run.policies.failed} failed
        {run.policies.pending > 0 ? ` · ${run.policies.pending} still pending` : ""}
      </Typography>
      <Typography variant="body2" color="text.secondary" data-testid="run-time">
        Elapsed {formatDuration(run.elapsedSeconds)}
        {left ? ` · time left: ${left}` : ""}
      </Typography>
    </Stack>
  );
}
