"use client";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import Drawer from "@mui/material/Drawer";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { useChange } from "@/components/data/queries";
import { UndoChange } from "@/components/runs/UndoChange";
import { JsonBlock } from "./JsonBlock";

/** `canUndo`: the person may start an undo (an operator or admin); the action checks again, with the tenant's scope. */
export function ChangeDrawer({ changeId, onClose, canUndo = false }: { changeId: string | null; onClose: () => void; canUndo?: boolean }) {
  const { data, error, isLoading } = useChange(changeId);
  return (
    <Drawer anchor="right" open={!!changeId} onClose={onClose} slotProps={{ paper: { sx: { width: { xs: "100%", md: 640 } } } }}>
      <Box sx={{ p: 3 }} data-testid="change-detail">
        {isLoading ? <CircularProgress /> : null}
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
        {data ? (
          <Stack spacing={2}>
            <Typography variant="h6">{data.policyName}</Typography>
            <Typography variant="body2">
              {data.result} · by {data.by} · {new Date(data.at).toLocaleString()}
              {data.ticket ? ` · ticket ${data.ticket}` : ""}
              {data.finishedAt ? ` · finished ${new Date(data.finishedAt).toLocaleString()}` : ""}
            </Typography>
            <Typography variant="body2">{data.reason}</Typography>
            {data.producedVersionId && data.policyId ? (
              <Link
                component={NextLink}
                href={`/tenants/${data.tenantId}/policies/${data.policyId}#version-${data.producedVersionId}`}
                data-testid="produced-version"
              >
                The version of the policy this change produced (timeline)
              </Link>
            ) : null}
            {canUndo && data.result === "applied" ? <UndoChange runId={data.runId} changeId={data.id} /> : null}
            {data.warnings.map((w) => (
              <Alert key={w} severity="warning">
                {w}
              </Alert>
            ))}
            <JsonBlock title="Before" value={data.before} testId="change-before" />
            <JsonBlock
              title={data.request ? `Request: ${data.request.method} ${data.request.path}` : "Request"}
              value={data.request?.body ?? null}
              testId="change-request"
            />
            <JsonBlock title="After" value={data.after} testId="change-after" />
            <JsonBlock title="Graph's answer" value={data.graph} testId="change-graph" />
          </Stack>
        ) : null}
      </Box>
    </Drawer>
  );
}
