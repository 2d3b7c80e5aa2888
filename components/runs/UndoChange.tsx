"use client";
// "Undo this change" in the history drawer: a preview that restores one policy as it was before this
// change, only if the policy is still as the change left it (lib/runs/rollback.ts, with the change's id).
import UndoOutlined from "@mui/icons-material/UndoOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { undoRunAction } from "@/app/runs/actions";
import { useOpenPreview } from "@/components/bulk/use-open-preview";

export function UndoChange({ runId, changeId }: { runId: string; changeId: string }) {
  const { busy, error, start } = useOpenPreview(undoRunAction);
  return (
    <Stack spacing={1} data-testid="undo-change">
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
        <Button variant="outlined" startIcon={<UndoOutlined />} disabled={busy} onClick={() => start({ runId, changeIds: [changeId] })} sx={{ flexShrink: 0 }}>
          Undo this change
        </Button>
        <Typography variant="body2" color="text.secondary">
          Previews putting this policy back as it was before. If it has changed since, nothing is written: it is shown for review.
        </Typography>
      </Stack>
      {error ? <Alert severity="error">The undo could not be started: {error}</Alert> : null}
    </Stack>
  );
}
