"use client";
// A run's links to its rollbacks, and "Undo this run": a new preview that restores what the run
// changed, only where each policy is still as the run left it (lib/runs/rollback.ts).
import UndoOutlined from "@mui/icons-material/UndoOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { undoRunAction } from "@/app/runs/actions";
import { useOpenPreview } from "@/components/bulk/use-open-preview";
import type { RunView } from "@/lib/runs/views";

export function RunUndo({ run }: { run: RunView }) {
  const { busy, error, start } = useOpenPreview(undoRunAction);
  const canUndo = run.ended && run.policies.applied > 0;

  return (
    <Stack spacing={1} data-testid="run-undo">
      {run.undoesRunId ? (
        <Typography variant="body2" data-testid="undoes-run">
          This run undoes{" "}
          <Link component={NextLink} href={`/runs/${run.undoesRunId}`}>
            an earlier run
          </Link>
          : it restored only policies still as that run left them.
        </Typography>
      ) : null}
      {run.undoneBy.map((u) => (
        <Typography variant="body2" key={u.runId} data-testid="undone-by">
          Undone by{" "}
          <Link component={NextLink} href={`/runs/${u.runId}`}>
            a later run
          </Link>{" "}
          ({u.status.replace("_", " ")}).
        </Typography>
      ))}
      {canUndo ? (
        <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
          <Button variant="outlined" startIcon={<UndoOutlined />} disabled={busy} onClick={() => start({ runId: run.id })} sx={{ flexShrink: 0 }}>
            Undo this run
          </Button>
          <Typography variant="body2" color="text.secondary">
            Previews putting back what this run changed. A policy changed since is not touched: it is shown for review.
          </Typography>
        </Stack>
      ) : null}
      {error ? <Alert severity="error">The undo could not be started: {error}</Alert> : null}
    </Stack>
  );
}
