"use client";
// The one dialog for a change to one tenant, whatever it is (a policy's "Exclude MSP", a tenant's
// "Fix all", the partner page's exclusion and its dedicated policy's create, repair and enforce):
// the live preview (each policy's plan in words and the exact request), the needs-review ticks and
// the ticket reference, Confirm (app/runs/actions.ts), then the run followed in place, each
// policy's result where it was previewed, Cancel while it runs and Retry when something failed.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type ReactNode } from "react";
import { cancelRunAction, confirmRunAction } from "@/app/runs/actions";
import { unwrap } from "@/components/data/fetch";
import { useRun } from "@/components/data/queries";
import type { PolicyPreviewView, ReadOnlyGdapProblem, RunChangeView, RunView, TenantPreviewView } from "@/lib/runs/views";
import type { Outcomes } from "./PolicyPreviewItem";
import { PreviewActions, PreviewLoading, PreviewPolicies, usePreviewSelection } from "./PreviewParts";

export interface ChangeDialogProps {
  title: string;
  /** Reads the tenant live and stores the preview (a server action); called once per opening. */
  loadPreview: () => Promise<TenantPreviewView>;
  /** Above the policies: what this change is, in a sentence or two. */
  intro?: ReactNode;
  /** "Nothing to change" in this dialog's words. */
  nothingText: string;
  outcomes?: Outcomes;
  confirmLabel?: string;
  confirmColor?: "primary" | "warning";
  /** The run has ended: refresh what the page shows. */
  onEnded?: (run: RunView) => void;
  /** Retry after a failure: the page opens the dialog again (a new preview, remembering this run). */
  onRetry?: (runId: string) => void;
  onClose: () => void;
}

export function changeHeadline(run: RunView | undefined): { text: string; severity: "info" | "success" | "warning" | "error" } {
  if (!run) return { text: "Starting…", severity: "info" };
  const tally = `${run.policies.applied} applied, ${run.policies.skipped} skipped, ${run.policies.failed} failed${run.policies.pending ? `, ${run.policies.pending} pending` : ""}`;
  switch (run.status) {
    case "awaiting_approval":
      return {
        text: `Waiting for approval: ${run.approval?.reason ?? ""} Nothing is written until another admin approves it on the run's page.`,
        severity: "warning",
      };
    case "queued":
      return { text: "Queued: waiting for a worker to pick the change up…", severity: "info" };
    case "running":
      return { text: run.cancelRequestedAt ? `Cancelling: no new write starts; ${tally} so far…` : `Running: ${tally} so far…`, severity: "info" };
    case "succeeded":
      return { text: `Finished: ${tally}.`, severity: run.policies.pending ? "warning" : "success" };
    case "partly_failed":
      return { text: `Partly failed: ${tally}. ${run.summary ?? ""}`.trim(), severity: "warning" };
    case "cancelled":
      return { text: `Cancelled: ${run.summary ?? "nothing more was written."}`, severity: "warning" };
    case "failed":
      return { text: `Failed: ${run.summary ?? "see the history for details."}`, severity: "error" };
    default:
      return { text: run.statusText, severity: "info" };
  }
}

/** The latest history row for a previewed policy (a create is recorded without a policy id). */
function changeFor(changes: readonly RunChangeView[], policy: PolicyPreviewView): RunChangeView | undefined {
  const own = changes.filter((c) => (policy.policyId === null ? c.policyId === null : c.policyId === policy.policyId));
  return own.find((c) => c.result === "applied") ?? own.at(-1);
}

/** lib/runs' problem of a preview whose GDAP roles cannot write CA (typed by it, so the two cannot differ). */
const READ_ONLY_GDAP: ReadOnlyGdapProblem = "read-only-gdap";

/** Mount it fresh for every opening (a `key`): each opening reads the tenant again. */
export function ChangeDialog(props: ChangeDialogProps) {
  const { title, loadPreview, onClose } = props;
  const titleId = useId();
  const preview = useQuery({
    queryKey: ["change-preview", titleId],
    queryFn: loadPreview,
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const selection = usePreviewSelection(preview.data?.policies);
  const { planned, selected } = selection;
  const [ticket, setTicket] = useState("");
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useRun(runId);
  const ended = run.data?.ended === true;
  const { onEnded } = props;

  useEffect(() => {
    if (ended && run.data) onEnded?.(run.data);
  }, [ended, run.data, onEnded]);

  const included = new Set(runId ? selected.map((p) => p.key) : []);
  const changes = run.data?.changes ?? [];

  async function confirm() {
    if (!preview.data) return;
    setStarting(true);
    setError(null);
    try {
      const tenantId = preview.data.tenantId;
      const confirmedNeedsReview = selected.filter((p) => p.requiresConfirmation && p.policyId !== null).map((p) => ({ tenantId, policyId: p.policyId! }));
      await unwrap(confirmRunAction({ runId: preview.data.runId, confirmedNeedsReview, ticket }));
      setRunId(preview.data.runId);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  }

  async function cancel() {
    if (!runId) return;
    setError(null);
    const result = await cancelRunAction({ runId });
    if (!result.ok) setError(result.error.message);
  }

  const headline = runId ? changeHeadline(run.data) : null;
  // Read-only GDAP (lib/runs/read-only-gdap.ts): the preview is shown, nothing can be confirmed.
  const leftOut = preview.data?.problem?.problem === READ_ONLY_GDAP;
  const failed = run.data && run.data.ended && (run.data.status === "failed" || run.data.status === "partly_failed");
  const extra = (
    <>
      {runId && !ended ? (
        <Button color="error" onClick={cancel} disabled={!!run.data?.cancelRequestedAt}>
          Cancel the run
        </Button>
      ) : null}
      {failed && props.onRetry ? <Button onClick={() => props.onRetry?.(runId!)}>Retry (preview again)</Button> : null}
    </>
  );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" aria-labelledby={titleId} scroll="paper">
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent dividers>
        {preview.isPending ? <PreviewLoading>Reading the live policies from the tenant…</PreviewLoading> : null}
        {preview.error ? <Alert severity="error">The preview could not be made: {preview.error.message}</Alert> : null}
        {preview.data ? (
          <Stack spacing={2}>
            {props.intro}
            {preview.data.access?.path === "app-only" ? (
              <Alert severity="info">
                Read live with the portal&apos;s app-only permissions:{" "}
                {preview.data.access.fallbackReason ?? "the MSP's delegated (GDAP) sign-in into this tenant was refused at the last sync."}
              </Alert>
            ) : null}
            {leftOut ? (
              <Alert severity="warning" data-testid="read-only-gdap">
                {preview.data.problem?.message} The changes below are what it would need.
              </Alert>
            ) : null}
            {preview.data.missing.length > 0 ? <Alert severity="warning">No longer in the tenant: {preview.data.missing.join(", ")}</Alert> : null}
            {preview.data.leftOut.map((l) => (
              <Alert severity="info" key={l.policyId}>
                &quot;{l.name}&quot; is left out: {l.reason}.
              </Alert>
            ))}
            {runId ? null : (
              <Typography data-testid="preview-summary">
                {planned.length === 0
                  ? props.nothingText
                  : `${selected.length} of ${planned.length} planned ${planned.length === 1 ? "change" : "changes"} selected. Each policy is re-read before it is written; one that changed since this preview is shown again instead of being written.`}
              </Typography>
            )}
            {headline ? (
              <Alert severity={headline.severity} data-testid="run-status" data-status={run.data?.status ?? "starting"} role="status">
                {headline.text}
                {run.data?.ticket ? ` Ticket ${run.data.ticket}.` : ""}{" "}
                {run.data?.ended ? <Link href={`/history?run=${runId}`}>See it in the history</Link> : null}
                {run.data?.status === "awaiting_approval" ? <Link href={`/runs/${runId}`}>Open the run&apos;s page (send it to the approver)</Link> : null}
              </Alert>
            ) : null}
            {run.error ? <Alert severity="error">{run.error.message}</Alert> : null}
            <PreviewPolicies
              selection={selection}
              outcomes={props.outcomes}
              locked={runId !== null || starting}
              changeOf={(p) => changeFor(changes, p)}
              waitingFor={(p) => included.has(p.key) && !ended}
            />
          </Stack>
        ) : null}
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        ) : null}
      </DialogContent>
      <PreviewActions
        selected={selected.length}
        done={runId !== null}
        busy={starting}
        ready={!!preview.data && !leftOut}
        onClose={onClose}
        onConfirm={confirm}
        ticket={{ value: ticket, onChange: setTicket, required: preview.data?.ticketRequired ?? false }}
        confirmLabel={props.confirmLabel}
        confirmColor={props.confirmColor}
        extra={extra}
      />
    </Dialog>
  );
}
