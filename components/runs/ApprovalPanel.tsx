"use client";
// Four-eyes on a run's page: why the run waits for a second person, until when, and, for an admin
// who may approve it, Approve and Reject (Approve becomes active once the settings' wait is over).
// Anyone else sees why they cannot and where to send the approver. The server decides everything
// again (app/runs/actions.ts, lib/runs/approval.ts): these buttons only ask.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { approveRunAction, rejectRunAction } from "@/app/runs/actions";
import { unwrap } from "@/components/data/fetch";
import { KEYS } from "@/components/data/queries";
import type { RunView } from "@/lib/runs/views";

const when = (iso: string) => new Date(iso).toLocaleString();

/** Seconds until `iso`, ticking every second while positive. */
function secondsLeft(iso: string): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000));
}

/** Counts down to `iso`, re-rendering every second; a deadline that arrives or moves later (the run was re-read) counts from there. */
function useSecondsUntil(iso: string): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return secondsLeft(iso);
}

function Decision({ approval }: { approval: NonNullable<RunView["approval"]> }) {
  const note = approval.note ? ` “${approval.note}”` : "";
  if (approval.decision === "approved")
    return (
      <Alert severity="success" data-testid="approval-decision">
        Approved by {approval.decidedBy} at {when(approval.decidedAt!)}.{note} ({approval.reason})
      </Alert>
    );
  if (approval.decision === "rejected")
    return (
      <Alert severity="warning" data-testid="approval-decision">
        Rejected by {approval.decidedBy} at {when(approval.decidedAt!)}; nothing was written.{note}
      </Alert>
    );
  return (
    <Alert severity="warning" data-testid="approval-decision">
      Nobody approved it before {when(approval.expiresAt)}; it was cancelled and nothing was written.
    </Alert>
  );
}

export function ApprovalPanel({ run }: { run: RunView }) {
  const queryClient = useQueryClient();
  const approval = run.approval;
  const opensIn = useSecondsUntil(approval?.opensAt ?? new Date(0).toISOString());
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<"approve" | "reject" | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!approval) return null;
  if (run.status !== "awaiting_approval") return approval.decision ? <Decision approval={approval} /> : null;

  async function decide(kind: "approve" | "reject") {
    setBusy(kind);
    setError(null);
    try {
      if (kind === "approve") await unwrap(approveRunAction({ runId: run.id, note }));
      else await unwrap(rejectRunAction({ runId: run.id, note }));
      void queryClient.invalidateQueries({ queryKey: KEYS.run(run.id) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const pageUrl = typeof window === "undefined" ? `/runs/${run.id}` : `${window.location.origin}/runs/${run.id}`;
  return (
    <Stack spacing={1.5} data-testid="approval-panel">
      <Alert severity="warning" role="status">
        Waiting for a second person&apos;s approval: {approval.reason} Requested by {run.requestedBy} at {when(approval.requestedAt)}; nothing is written until
        an admin approves it, and the request expires at {when(approval.expiresAt)}.
      </Alert>
      {run.viewer?.mayApprove ? (
        <Stack spacing={1.5}>
          <Typography variant="body2">Read what it will change below, then decide. The engine re-reads every policy before it writes.</Typography>
          <TextField
            label="Note (optional)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            size="small"
            slotProps={{ htmlInput: { maxLength: 500 } }}
          />
          <Stack direction="row" spacing={1.5}>
            <Button variant="contained" color="warning" disabled={busy !== null || opensIn > 0} onClick={() => decide("approve")}>
              {opensIn > 0 ? `Approve (active in ${opensIn} s)` : "Approve and run"}
            </Button>
            <Button variant="outlined" disabled={busy !== null} onClick={() => decide("reject")}>
              Reject
            </Button>
          </Stack>
        </Stack>
      ) : (
        <Typography variant="body2" data-testid="approval-why-not">
          {run.viewer?.whyNot ?? "Another admin must approve it."} Send the approver this page: <code>{pageUrl}</code>
        </Typography>
      )}
      {error ? (
        <Alert severity="error" data-testid="approval-error">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
