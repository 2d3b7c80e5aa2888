"use client";
import CloseOutlined from "@mui/icons-material/CloseOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import Drawer from "@mui/material/Drawer";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { useId } from "react";
import { useChange } from "@/components/data/queries";
import { UndoChange } from "@/components/runs/UndoChange";
import { JsonBlock } from "./JsonBlock";

/**
 * One change in a panel on the right: a dialog named by its title, above the app bar (so the title is
 * never hidden under it), with a close button; a failure's reason in words comes first, the JSON after.
 * `canUndo`: the person may start an undo (an operator or admin); the action checks again, with the tenant's scope.
 */
export function ChangeDrawer({ changeId, onClose, canUndo = false }: { changeId: string | null; onClose: () => void; canUndo?: boolean }) {
  const { data, error, isLoading } = useChange(changeId);
  const titleId = useId();
  return (
    <Drawer
      anchor="right"
      open={!!changeId}
      onClose={onClose}
      sx={{ zIndex: (t) => t.zIndex.modal }}
      slotProps={{ paper: { role: "dialog", "aria-modal": true, "aria-labelledby": titleId, sx: { width: { xs: "100%", md: 640 } } } }}
    >
      <Box sx={{ p: 3 }} data-testid="change-detail">
        <Stack direction="row" spacing={1} sx={{ alignItems: "flex-start", mb: 2 }}>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <Typography variant="h6" component="h2" id={titleId} sx={{ overflowWrap: "anywhere" }}>
              {data ? data.policyName : "Change"}
            </Typography>
            {data ? (
              <Typography variant="body2" color="text.secondary" data-testid="change-tenant">
                {data.tenantName}
              </Typography>
            ) : null}
          </Box>
          <IconButton aria-label="Close" onClick={onClose} edge="end">
            <CloseOutlined />
          </IconButton>
        </Stack>
        {isLoading ? <CircularProgress aria-label="Loading the change" /> : null}
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
        {data ? (
          <Stack spacing={2}>
            {data.result === "failed" ? (
              <Alert severity="error" data-testid="change-failure">
                {data.graph.error ?? data.reason}
                {data.graph.status ? ` (Graph answered ${data.graph.status})` : ""}
              </Alert>
            ) : null}
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
