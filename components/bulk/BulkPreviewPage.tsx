"use client";
// Step 3: the preview job's progress while it reads the tenants, then its totals, the unreachable
// tenants by problem, each tenant's planned changes, and the confirmation that starts the run.
import PlayArrowOutlined from "@mui/icons-material/PlayArrowOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import LinearProgress from "@mui/material/LinearProgress";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { confirmRunAction } from "@/app/runs/actions";
import { freshSignInRedirect } from "@/components/data/fresh-sign-in";
import type { RunPreviewView } from "@/lib/runs/views";
import { BulkStepper } from "./BulkStepper";
import { ConfirmRunDialog } from "./ConfirmRunDialog";
import { percent, plural } from "./format";
import { LeftOutTenants } from "./LeftOutTenants";
import {
  confirmedList,
  groupUnreachable,
  isLeftOut,
  leftOutTenants,
  previewRead,
  runScope,
  sortPreviewTenants,
  toggleConfirmed,
  type ConfirmedReview,
} from "./preview-model";
import { PreviewTenantRow } from "./PreviewTenantRow";
import { PreviewTotals } from "./PreviewTotals";
import { UnreachableTenants } from "./UnreachableTenants";
import { useRunPreview } from "@/components/data/queries";

const NO_TICKS: ReadonlySet<string> = new Set();

function ReadingProgress({ preview }: { preview: RunPreviewView }) {
  const value = percent(preview.progress.done, preview.progress.total);
  return (
    <Stack spacing={0.5}>
      <Typography data-testid="preview-progress">
        {preview.progress.done === 0 ? "Waiting for a worker to start reading…" : `Reading tenants: ${preview.progress.done} of ${preview.progress.total}`}
      </Typography>
      <LinearProgress variant={preview.progress.done === 0 ? "indeterminate" : "determinate"} value={value} aria-label="Reading tenants" />
    </Stack>
  );
}

function PreviewBody({ preview }: { preview: RunPreviewView }) {
  const router = useRouter();
  const [confirmed, setConfirmed] = useState<ConfirmedReview>(new Map());
  const [dialogOpen, setDialogOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ended = previewRead(preview.status);
  const [ticket, setTicket] = useState("");
  const tenants = useMemo(() => sortPreviewTenants(preview.tenants), [preview.tenants]);
  const unreachable = useMemo(() => groupUnreachable(preview.tenants), [preview.tenants]);
  const leftOut = useMemo(() => leftOutTenants(preview.tenants), [preview.tenants]);
  const scope = runScope(preview, confirmed);
  const ticks = preview.options.offerNeedsReview ? confirmedList(confirmed) : [];
  const locked = busy || preview.confirmed;

  async function start() {
    setBusy(true);
    setError(null);
    const result = await confirmRunAction({ runId: preview.id, confirmedNeedsReview: ticks, ticket });
    if (result.ok) {
      router.push(`/bulk/runs/${encodeURIComponent(result.data.runId)}`);
      return;
    }
    setBusy(false);
    setError(freshSignInRedirect(result) ?? result.error.message);
  }

  return (
    <Stack spacing={2}>
      {ended ? null : <ReadingProgress preview={preview} />}
      {preview.status === "cancelled" && !preview.confirmed ? (
        <Alert severity="warning">This preview was discarded or expired without being confirmed; start a new one from the tenant selection.</Alert>
      ) : null}
      <Typography component="h2" variant="h6">
        Totals{ended ? "" : " so far"}
      </Typography>
      <PreviewTotals totals={preview.totals} />
      <UnreachableSection groups={unreachable} />
      {leftOut.length > 0 ? (
        <>
          {/* Its own heading: these tenants were read, so they do not belong under "Unreachable". */}
          <Typography component="h2" variant="h6">
            Left out of the run
          </Typography>
          <LeftOutTenants tenants={leftOut} />
        </>
      ) : null}
      <Typography color="text.secondary" variant="body2">
        Options: {preview.options.scope.states === "all" ? "disabled and report-only policies included" : "enabled policies only"};{" "}
        {preview.options.offerNeedsReview ? "needs-review policies offered (tick each one to include it)" : "needs-review policies left alone"}. Requested by{" "}
        {preview.requestedBy} at {new Date(preview.createdAt).toLocaleString()}.
      </Typography>
      {preview.confirmed ? (
        <Alert severity="info" data-testid="preview-run-link">
          This preview was confirmed and runs.{" "}
          <Link component={NextLink} href={`/bulk/runs/${encodeURIComponent(preview.id)}`}>
            Open the run
          </Link>
        </Alert>
      ) : (
        <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
          <Typography sx={{ flexGrow: 1 }} data-testid="run-scope">
            {!ended
              ? "The run can start once every tenant has been read."
              : scope.policies > 0
                ? `A run would change ${plural(scope.policies, "policy", "policies")} in ${plural(scope.tenants, "tenant", "tenants")}${leftOutNote(scope.leftOut)}.`
                : scope.leftOut > 0
                  ? `Nothing to change that can be written${leftOutNote(scope.leftOut)}.`
                  : preview.options.offerNeedsReview && preview.totals.policiesNeedingReview > 0
                    ? "Nothing selected yet: open a tenant below and tick the needs-review policies to include."
                    : preview.kind === "rollback"
                      ? "Nothing to undo: every policy was changed since the run, or is already as before."
                      : "Nothing to change: no policy in these tenants needs the exclusion."}
          </Typography>
          <Button
            variant="contained"
            startIcon={<PlayArrowOutlined />}
            disabled={!ended || preview.status !== "previewed" || scope.policies === 0}
            onClick={() => {
              setError(null);
              setDialogOpen(true);
            }}
          >
            {preview.kind === "rollback" ? "Run the undo…" : "Run the fix…"}
          </Button>
        </Stack>
      )}
      <Typography component="h2" variant="h6">
        Tenants
      </Typography>
      <Box>
        {tenants.map((t) => (
          <PreviewTenantRow
            key={t.tenantId}
            previewId={preview.id}
            tenant={t}
            offerNeedsReview={preview.options.offerNeedsReview}
            confirmed={confirmed.get(t.tenantId) ?? NO_TICKS}
            onConfirm={(policyId, on) => setConfirmed((c) => toggleConfirmed(c, t.tenantId, policyId, on))}
            locked={locked || isLeftOut(t)}
          />
        ))}
      </Box>
      <ConfirmRunDialog
        open={dialogOpen}
        policies={scope.policies}
        tenants={scope.tenants}
        confirmedReview={ticks.length}
        leftOut={scope.leftOut}
        ticket={{ value: ticket, onChange: setTicket, required: preview.ticketRequired }}
        busy={busy}
        error={error}
        onConfirm={start}
        onClose={() => setDialogOpen(false)}
      />
    </Stack>
  );
}

const leftOutNote = (n: number) => (n > 0 ? `; ${plural(n, "tenant", "tenants")} with read-only GDAP ${n === 1 ? "is" : "are"} left out` : "");

function UnreachableSection({ groups }: { groups: ReturnType<typeof groupUnreachable> }) {
  if (groups.length === 0) return null;
  return (
    <>
      <Typography component="h2" variant="h6">
        Unreachable tenants
      </Typography>
      <UnreachableTenants groups={groups} />
    </>
  );
}

export function BulkPreviewPage({ previewId }: { previewId: string }) {
  const preview = useRunPreview(previewId);
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {preview.data?.kind === "rollback" ? "Undo a run: preview" : "Bulk fix: preview"}
      </Typography>
      <BulkStepper active={2} />
      {preview.isPending ? (
        <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
          <CircularProgress size={24} aria-label="Loading the preview" />
          <Typography>Loading the preview…</Typography>
        </Stack>
      ) : null}
      {preview.error && !preview.data ? <Alert severity="error">{preview.error.message}</Alert> : null}
      {preview.data ? <PreviewBody preview={preview.data} /> : null}
    </Stack>
  );
}
