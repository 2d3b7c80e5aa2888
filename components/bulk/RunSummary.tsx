"use client";
// Step 5, once the run has ended: what failed and why, what cancellation left undone, and the ways
// on from here (retry the failed tenants through a new preview, the CSV, the history).
import DownloadOutlined from "@mui/icons-material/DownloadOutlined";
import HistoryOutlined from "@mui/icons-material/HistoryOutlined";
import ReplayOutlined from "@mui/icons-material/ReplayOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { retryFailedAction } from "@/app/runs/actions";
import { RunUndo } from "@/components/runs/RunUndo";
import type { RunTenantView, RunView } from "@/lib/runs/views";
import { runCsvHref } from "@/components/data/queries";
import { failureReason, historyHref, tenantsToExplain } from "./run-model";
import { useOpenPreview } from "./use-open-preview";

function TenantList({ title, tenants, runId, testId }: { title: string; tenants: RunTenantView[]; runId: string; testId: string }) {
  if (tenants.length === 0) return null;
  return (
    <Box component="section" aria-label={title} data-testid={testId}>
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {title} ({tenants.length})
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {tenants.map((t) => (
          <Typography component="li" variant="body2" key={t.tenantId} data-tenant-id={t.tenantId} sx={{ py: 0.25 }}>
            <strong>{t.displayName}</strong>: {failureReason(t)}{" "}
            <Link component={NextLink} href={historyHref(runId, t.tenantId)} aria-label={`History of ${t.displayName} in this run`}>
              history
            </Link>
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

export function RunSummary({ run }: { run: RunView }) {
  const { busy, error, start } = useOpenPreview(retryFailedAction);
  const { failed, notDone } = tenantsToExplain(run.tenants);
  const retryable = failed.length + notDone.length > 0;

  return (
    <Stack component="section" aria-labelledby="bulk-summary-heading" spacing={2}>
      <Typography id="bulk-summary-heading" component="h2" variant="h6">
        Summary
      </Typography>
      <TenantList title="Failed tenants" tenants={failed} runId={run.id} testId="summary-failed" />
      <TenantList title="Not done (cancelled)" tenants={notDone} runId={run.id} testId="summary-not-done" />
      {retryable ? null : <Typography>Every tenant was done without a failure.</Typography>}
      {error ? <Alert severity="error">The retry could not be started: {error}</Alert> : null}
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1}>
        {retryable ? (
          <Button
            variant="contained"
            startIcon={busy ? <CircularProgress size={16} aria-hidden /> : <ReplayOutlined />}
            disabled={busy}
            onClick={() => start({ runId: run.id })}
          >
            Retry failed
          </Button>
        ) : null}
        {/* A plain link: the browser downloads the file the route handler sends as an attachment. */}
        <Button variant="outlined" startIcon={<DownloadOutlined />} href={runCsvHref(run.id)} download>
          Download CSV
        </Button>
        <Button variant="outlined" startIcon={<HistoryOutlined />} component={NextLink} href={historyHref(run.id)}>
          Open history
        </Button>
      </Stack>
      <RunUndo run={run} />
      {retryable ? (
        <Typography variant="body2" color="text.secondary">
          Retry failed reads the failed and not-done tenants again into a new preview; nothing is written until you confirm that one.
        </Typography>
      ) : null}
    </Stack>
  );
}
