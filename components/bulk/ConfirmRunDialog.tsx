"use client";
// The one explicit confirmation before a bulk run writes anything.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import Box from "@mui/material/Box";
import { useId } from "react";
import { TicketField } from "@/components/fix/PreviewParts";
import { plural } from "./format";

export function ConfirmRunDialog({
  open,
  policies,
  tenants,
  confirmedReview,
  leftOut = 0,
  ticket,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  policies: number;
  tenants: number;
  confirmedReview: number;
  /** Tenants left out for read-only GDAP: nothing is sent to them. */
  leftOut?: number;
  /** The MSP's ticket reference for this change (required when Settings says so). */
  ticket: { value: string; onChange: (v: string) => void; required: boolean };
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>
        Change {plural(policies, "policy", "policies")} in {plural(tenants, "tenant", "tenants")}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Each policy gets the service-provider exclusion for the MSP&apos;s tenant, merged into what is there.
          {confirmedReview > 0 ? ` This includes ${plural(confirmedReview, "needs-review policy", "needs-review policies")} you ticked.` : ""}
          {leftOut > 0
            ? ` ${plural(leftOut, "tenant", "tenants")} with read-only GDAP ${leftOut === 1 ? "is" : "are"} left out: nothing is sent to ${leftOut === 1 ? "it" : "them"}.`
            : ""}{" "}
          Every policy is re-read before it is written; one that changed since this preview is skipped and reported, not overwritten. The run goes on on the
          server if you leave the page, and can be cancelled from its progress page.
        </DialogContentText>
        <Box sx={{ mt: 2 }}>
          <TicketField value={ticket.value} onChange={ticket.onChange} required={ticket.required} disabled={busy} />
        </Box>
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            The run could not be started: {error}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="warning"
          onClick={onConfirm}
          disabled={busy || policies === 0 || (ticket.required && ticket.value.trim() === "")}
          startIcon={busy ? <CircularProgress size={16} aria-hidden /> : undefined}
        >
          Confirm
        </Button>
      </DialogActions>
    </Dialog>
  );
}
