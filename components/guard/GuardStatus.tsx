"use client";
// The guard's mode for this tenant, where it comes from, and a stopped auto-fix with its reason
// and "Resume" (admins).
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import NextLink from "next/link";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { resumeAutoFixAction } from "@/app/tenants/[tenantId]/guard-actions";
import { unwrap } from "@/components/data/fetch";

const MODE_WORDS: Record<string, string> = {
  off: "off (changes are recorded, nothing is sent)",
  alert: "alert (changes go to the alert destinations)",
  "auto-fix": "auto-fix (the drift guard puts the exclusion back, and alerts)",
};

export interface GuardStatusView {
  mode: string;
  source: string;
  setByUpn: string | null;
  stoppedAt: string | null;
  stoppedReason: string | null;
  /** The drift guard's latest runs on this tenant, newest first. */
  runs: { runId: string; status: string; at: string; error: string | null }[];
}

export function GuardStatus({ tenantId, guard, canResume }: { tenantId: string; guard: GuardStatusView; canResume: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Stack spacing={1} data-testid="guard-status">
      <Typography variant="body2">
        Guard: {MODE_WORDS[guard.mode] ?? guard.mode}, from {guard.source}
        {guard.setByUpn ? `, set by ${guard.setByUpn}` : ""}.{" "}
        <Link component={NextLink} href={`/tenants/${tenantId}/report`}>
          Report for the customer
        </Link>
      </Typography>
      {guard.stoppedAt ? (
        <Alert
          severity="warning"
          data-testid="auto-fix-stopped"
          action={
            canResume ? (
              <Button
                color="inherit"
                size="small"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  setError(null);
                  try {
                    await unwrap(resumeAutoFixAction({ tenantId }));
                    router.refresh();
                  } catch (e) {
                    setError(e instanceof Error ? e.message : String(e));
                  } finally {
                    setBusy(false);
                  }
                }}
              >
                Resume auto-fix
              </Button>
            ) : undefined
          }
        >
          Auto-fix stopped on {new Date(guard.stoppedAt).toLocaleString()} after two failed runs in a row: {guard.stoppedReason}
        </Alert>
      ) : null}
      {guard.runs.length > 0 ? (
        <Typography variant="body2" component="div">
          The drift guard&apos;s latest runs here:
          <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
            {guard.runs.map((r) => (
              <li key={r.runId} data-testid="guard-run" data-status={r.status}>
                <Link component={NextLink} href={`/runs/${r.runId}`}>
                  {new Date(r.at).toLocaleString()}
                </Link>
                : {r.status.replace("_", " ")}
                {r.error ? ` (${r.error})` : ""}
              </li>
            ))}
          </Box>
        </Typography>
      ) : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
    </Stack>
  );
}
