"use client";
import CheckCircleOutline from "@mui/icons-material/CheckCircleOutlined";
import ErrorOutline from "@mui/icons-material/ErrorOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useHealth } from "@/components/data/queries";
import type { ReactNode } from "react";
import type { HealthReport, PublicHealth } from "@/lib/health/report";

function StatusCard({ title, ok, detail, testId, children }: { title: string; ok?: boolean; detail: string; testId: string; children?: ReactNode }) {
  return (
    <Card data-testid={testId} data-ok={ok === undefined ? undefined : String(ok)}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", mb: 1 }}>
          {ok === undefined ? null : ok ? (
            <CheckCircleOutline color="success" aria-label="healthy" />
          ) : (
            <ErrorOutline color="error" aria-label="needs attention" />
          )}
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: children ? 1 : 0 }}>
          {detail}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function Mono({ children }: { children: ReactNode }) {
  return (
    <Box component="code" sx={{ fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 13, overflowWrap: "anywhere" }}>
      {children}
    </Box>
  );
}

function StatusHeading({ ok }: { ok: boolean }) {
  return (
    <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
      <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
        System status
      </Typography>
      <Chip
        data-testid="overall-status"
        color={ok ? "success" : "error"}
        label={ok ? "All systems healthy" : "Needs attention"}
        icon={ok ? <CheckCircleOutline /> : <ErrorOutline />}
      />
    </Stack>
  );
}

/** For someone not signed in: healthy or not, nothing more. */
export function PublicStatusView({ health }: { health: PublicHealth }) {
  return (
    <Stack spacing={2} sx={{ maxWidth: 1100 }}>
      <StatusHeading ok={health.ok} />
      <Typography variant="body2" color="text.secondary" data-testid="status-sign-in-hint">
        Sign in to see the details (database, migrations, job workers, the Microsoft cloud, the version).
      </Typography>
    </Stack>
  );
}

export function StatusView({ initial }: { initial: HealthReport }) {
  const { data, error } = useHealth(initial);
  const r = data ?? initial;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1100 }}>
      <StatusHeading ok={r.ok} />
      {error ? <Alert severity="warning">Could not refresh the status: {(error as Error).message}</Alert> : null}
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "1fr", md: "1fr 1fr" } }}>
        <StatusCard testId="status-database" title="Database" ok={r.database.ok} detail={r.database.detail}>
          <Typography variant="body2">{r.database.embedded ? "Embedded PostgreSQL started by the portal" : "External PostgreSQL from DATABASE_URL"}</Typography>
          {r.database.server ? <Typography variant="body2">Server: {r.database.server}</Typography> : null}
        </StatusCard>
        <StatusCard testId="status-migrations" title="Migrations" ok={r.migrations.ok} detail={r.migrations.detail}>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {r.migrations.applied.map((m) => (
              <li key={m}>
                <Mono>{m}</Mono>
              </li>
            ))}
            {r.migrations.pending.map((m) => (
              <li key={m}>
                <Mono>{m}</Mono> <Chip size="small" color="warning" label="pending" />
              </li>
            ))}
          </Box>
        </StatusCard>
        <StatusCard testId="status-queue" title="Job queue" ok={r.queue.ok} detail={r.queue.detail}>
          {r.queue.workers.map((w) => (
            <Typography key={`${w.host}-${w.pid}`} variant="body2">
              Worker pid {w.pid} on {w.host}, last heartbeat {new Date(w.heartbeatOn).toLocaleTimeString()}
            </Typography>
          ))}
        </StatusCard>
        <StatusCard testId="status-cloud" title="Microsoft cloud" detail={r.cloud.name}>
          <Typography variant="body2">
            Sign-in: <Mono>{r.cloud.authorityHost}</Mono>
          </Typography>
          <Typography variant="body2">
            Graph: <Mono>{r.cloud.graphBaseUrl}</Mono>
          </Typography>
        </StatusCard>
      </Box>
      <Typography variant="body2" color="text.secondary" data-testid="status-footer">
        Version {r.version} · Node.js {r.node} · checked {new Date(r.checkedAt).toLocaleTimeString()} · refreshes every 5 seconds
      </Typography>
    </Stack>
  );
}
