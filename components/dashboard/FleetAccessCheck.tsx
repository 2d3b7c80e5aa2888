"use client";
// The dashboard's "Sign-in proof across tenants" (issue 16): one button asks Graph's What If for every
// tenant as queue jobs; the card follows the latest check (any person's) until every tenant is counted.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { checkAllAccess } from "@/app/proof-check-actions";
import type { FleetCheckProgress } from "@/lib/proof/fleet-check";

async function latest(): Promise<FleetCheckProgress | null> {
  const res = await fetch("/api/proof-checks/latest", { cache: "no-store" });
  if (!res.ok) throw new Error(`The check's progress could not be read (HTTP ${res.status}).`);
  return ((await res.json()) as { check: FleetCheckProgress | null }).check;
}

/** `children`: the fleet's GDAP sign-in counts, rendered by the server and read again once a check finishes. */
export function FleetAccessCheck({ canStart, children }: { canStart: boolean; children?: ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();
  // Polled from the click on, not only once the answer to the start has come back: the check is the
  // server's, and the card must show it even when the action's answer reaches the page late.
  const [watchUntil, setWatchUntil] = useState(0);
  const check = useQuery({
    queryKey: ["fleet-access-check"],
    queryFn: latest,
    refetchInterval: (q) => ((q.state.data && !q.state.data.finished) || Date.now() < watchUntil ? 2_000 : false),
  });
  const c = check.data ?? null;
  // A check this page watched finish changed the counts: the server reads them again.
  const watched = useRef(false);
  useEffect(() => {
    if (c && !c.finished) watched.current = true;
    else if (c?.finished && watched.current) {
      watched.current = false;
      router.refresh();
    }
  }, [c, router]);
  const start = () => {
    setError(null);
    setWatchUntil(Date.now() + 30_000);
    startTransition(async () => {
      const result = await checkAllAccess({});
      if (!result.ok) setError(result.error.message);
      await queryClient.invalidateQueries({ queryKey: ["fleet-access-check"] });
    });
  };
  return (
    <Card variant="outlined" component="section" aria-labelledby="fleet-check-title">
      <CardContent>
        <Stack spacing={1.5}>
          <Typography id="fleet-check-title" variant="h6" component="h2">
            Sign-in proof across tenants
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Asks Microsoft Graph&apos;s What If, for every tenant, whether the MSP&apos;s GDAP sign-ins get in. It reads only; each tenant is asked at its own
            pace.
          </Typography>
          {children}
          {c ? (
            <Stack spacing={0.5} data-testid="fleet-check">
              <LinearProgress variant="determinate" value={c.total ? (100 * c.checked) / c.total : 100} aria-label="Tenants checked" />
              <Typography variant="body2" data-testid="fleet-check-progress">
                {c.checked} of {c.total} tenants checked{c.finished ? "" : "…"} · {c.blocked} blocked · {c.notProven} could not be checked
              </Typography>
              <Typography variant="caption" color="text.secondary">
                Started {new Date(c.startedAt).toLocaleString()} by {c.requestedByUpn}. Each tenant&apos;s page shows its answer.
              </Typography>
            </Stack>
          ) : check.isError ? (
            <Alert severity="error">{check.error.message}</Alert>
          ) : (
            <Typography variant="body2">No check across tenants yet.</Typography>
          )}
          {error ? <Alert severity="error">{error}</Alert> : null}
          {canStart ? (
            <div>
              <Button variant="outlined" onClick={start} disabled={starting || (c !== null && !c.finished)}>
                Check sign-in for all tenants
              </Button>
            </div>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
