"use client";
// Excluding the service account from every policy but its dedicated one: the live preview (per
// policy the users condition before and after and the exact request), Confirm, and each policy's
// result in place. The same pieces as the customer fix dialog; the apply runs in the request.
import Alert from "@mui/material/Alert";
import Dialog from "@mui/material/Dialog";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { applyExclusion, previewExclusion } from "@/app/partner/actions";
import { PreviewActions, PreviewLoading, PreviewPolicies, usePreviewSelection } from "@/components/fix/PreviewParts";
import { ACCOUNT_OUTCOME } from "./outcome";
import { unwrap, useInvalidatePartner } from "./partner-api";

interface ApplyItem {
  policyId: string;
  expectedFingerprint: string;
  confirmedNeedsReview: boolean;
}

/** Mount it fresh for every opening: each opening reads the live policies again. */
export function ExclusionDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const invalidate = useInvalidatePartner();
  const preview = useQuery({
    queryKey: ["partner-exclusion-preview", titleId],
    queryFn: () => unwrap(previewExclusion({})),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const selection = usePreviewSelection(preview.data?.policies);
  const { planned, selected } = selection;
  const apply = useMutation({ mutationFn: (items: ApplyItem[]) => unwrap(applyExclusion({ items })), onSettled: () => invalidate() });

  const sent = apply.isPending || apply.isSuccess;
  const results = new Map((apply.data?.items ?? []).map((i) => [i.policyId, i]));
  const counts = (result: string) => apply.data?.items.filter((i) => i.result === result).length ?? 0;

  const confirm = () =>
    apply.mutate(selected.map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: p.requiresConfirmation })));

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" aria-labelledby={titleId} scroll="paper">
      <DialogTitle id={titleId}>Exclude the service account from every policy</DialogTitle>
      <DialogContent dividers>
        {preview.isPending ? <PreviewLoading>Reading the partner tenant&apos;s live policies…</PreviewLoading> : null}
        {preview.error ? <Alert severity="error">The preview could not be made: {preview.error.message}</Alert> : null}
        {preview.data ? (
          <Stack spacing={2}>
            <Typography data-testid="preview-summary">
              {planned.length === 0
                ? "Nothing to change: every policy already excludes the service account or cannot apply to it."
                : `${selected.length} of ${planned.length} planned ${planned.length === 1 ? "change" : "changes"} selected. Each policy is re-read before it is written; one that changed since this preview is left alone and shown again.`}
            </Typography>
            {preview.data.dedicated ? (
              <Alert severity="info">
                &quot;{preview.data.dedicated.name}&quot; is the service account&apos;s dedicated policy: the exclusion never touches it.
              </Alert>
            ) : null}
            {apply.data ? (
              <Alert severity={counts("failed") || counts("pending") ? "warning" : "success"} role="status" data-testid="exclusion-result">
                Finished: {counts("applied")} applied, {counts("skipped")} skipped, {counts("failed")} failed
                {counts("pending") ? `, ${counts("pending")} pending` : ""}. <Link href={`/history?run=${apply.data.runId}`}>See it in the history</Link>
                {apply.data.rereadError ? ` The policies could not be re-read afterwards: ${apply.data.rereadError}` : ""}
              </Alert>
            ) : null}
            {apply.error ? <Alert severity="error">{apply.error.message}</Alert> : null}
            <PreviewPolicies
              selection={selection}
              outcomes={ACCOUNT_OUTCOME}
              locked={sent}
              changeOf={(policyId) => results.get(policyId)}
              waitingFor={(p) => apply.isPending && selected.includes(p)}
            />
          </Stack>
        ) : null}
      </DialogContent>
      <PreviewActions selected={selected.length} done={apply.isSuccess} busy={apply.isPending} ready={!!preview.data} onClose={onClose} onConfirm={confirm} />
    </Dialog>
  );
}
