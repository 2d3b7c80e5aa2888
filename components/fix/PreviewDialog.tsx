"use client";
// The fix preview: reads the live policies (server action previewFix), shows what would be sent,
// lets the person tick needs-review policies one by one, and on Confirm starts the run (startFix)
// and shows each policy's result in place while polling the run.
import Alert from "@mui/material/Alert";
import Dialog from "@mui/material/Dialog";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { previewFix, startFix } from "@/app/tenants/[tenantId]/actions";
import type { FixPreview } from "@/lib/fixes/preview-view";
import { PreviewActions, PreviewLoading, PreviewPolicies, usePreviewSelection } from "./PreviewParts";
import { runHeadline, useRun } from "./run";

export interface FixRequest {
  kind: "tenant-fix" | "policy-fix";
  /** For a policy fix: that policy only. A tenant fix previews every enabled or report-only policy. */
  policyIds?: string[];
  title: string;
}

async function loadPreview(tenantId: string, policyIds: string[] | undefined): Promise<FixPreview> {
  const result = await previewFix(policyIds ? { tenantId, policyIds } : { tenantId });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

/** Mount it fresh for every opening (a `key`): each opening reads the live policies again. */
export function PreviewDialog({ tenantId, request, onClose }: { tenantId: string; request: FixRequest; onClose: () => void }) {
  const titleId = useId();
  const router = useRouter();
  const preview = useQuery({
    queryKey: ["fix-preview", tenantId, request.policyIds ?? "all", titleId],
    queryFn: () => loadPreview(tenantId, request.policyIds),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const selection = usePreviewSelection(preview.data?.policies);
  const { planned, selected } = selection;
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const run = useRun(runId);
  const ended = run.data?.ended === true;

  useEffect(() => {
    // The engine refreshed the snapshots and counts: show them behind the dialog.
    if (ended) router.refresh();
  }, [ended, router]);

  const changes = new Map((run.data?.changes ?? []).filter((c) => c.policyId !== null).map((c) => [c.policyId!, c]));
  const included = new Set(runId ? selected.map((p) => p.policyId) : []);

  async function confirm() {
    setStarting(true);
    setStartError(null);
    const result = await startFix({
      tenantId,
      kind: request.kind,
      items: selected.map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: p.requiresConfirmation })),
    });
    setStarting(false);
    if (result.ok) setRunId(result.data.runId);
    else setStartError(result.error.message);
  }

  const headline = runId ? runHeadline(run.data) : null;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" aria-labelledby={titleId} scroll="paper">
      <DialogTitle id={titleId}>{request.title}</DialogTitle>
      <DialogContent dividers>
        {preview.isPending ? <PreviewLoading>Reading the live policies from the tenant…</PreviewLoading> : null}
        {preview.error ? <Alert severity="error">The preview could not be made: {preview.error.message}</Alert> : null}
        {preview.data ? (
          <Stack spacing={2}>
            {preview.data.access.path === "app-only" ? (
              <Alert severity="info">
                Read live with the portal&apos;s app-only permissions:{" "}
                {preview.data.access.fallbackReason ?? "the MSP's delegated (GDAP) sign-in into this tenant was refused at the last sync."}
              </Alert>
            ) : null}
            {preview.data.missing.length > 0 ? <Alert severity="warning">No longer in the tenant: {preview.data.missing.join(", ")}</Alert> : null}
            <Typography data-testid="preview-summary">
              {planned.length === 0
                ? "Nothing to change: every policy already excludes the MSP or does not apply to it."
                : `${selected.length} of ${planned.length} planned ${planned.length === 1 ? "change" : "changes"} selected. Each policy is re-read before it is written; one that changed since this preview is shown again instead of being written.`}
            </Typography>
            {headline ? (
              <Alert severity={headline.severity} data-testid="run-status" data-status={run.data?.status ?? "starting"} role="status">
                {headline.text}
              </Alert>
            ) : null}
            {run.error ? <Alert severity="error">{run.error.message}</Alert> : null}
            <PreviewPolicies
              selection={selection}
              locked={runId !== null || starting}
              changeOf={(policyId) => changes.get(policyId)}
              waitingFor={(p) => included.has(p.policyId) && !ended}
            />
          </Stack>
        ) : null}
        {startError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {startError}
          </Alert>
        ) : null}
      </DialogContent>
      <PreviewActions selected={selected.length} done={runId !== null} busy={starting} ready={!!preview.data} onClose={onClose} onConfirm={confirm} />
    </Dialog>
  );
}
