"use client";
// Cancelling a run needs a confirmation too: it leaves tenants half done by design.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { useId } from "react";

export function CancelRunDialog({
  open,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>Cancel this run?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          No new write starts once the cancel is acknowledged. A write already sent to Microsoft finishes and is recorded. Tenants not done are listed in the
          summary, and &quot;Retry failed&quot; can pick them up later.
        </DialogContentText>
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            The run could not be cancelled: {error}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Keep running
        </Button>
        <Button variant="contained" color="error" onClick={onConfirm} disabled={busy} startIcon={busy ? <CircularProgress size={16} aria-hidden /> : undefined}>
          Cancel the run
        </Button>
      </DialogActions>
    </Dialog>
  );
}
