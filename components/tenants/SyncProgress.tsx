// A started sync followed to its end on the tenants page: "n of N tenants read" while it runs, then
// done, with the tenants that could not be read and why (issue 20: every started job reports its
// progress and its end state). Counted in sync-progress.ts.
import Alert from "@mui/material/Alert";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { syncProgress, type SyncState } from "./sync-progress";

const SHOWN_ERRORS = 5;

export function SyncProgress({ rows, sync }: { rows: TenantRow[]; sync: SyncState }) {
  const { total, read, done } = syncProgress(rows, sync);
  const failed = read.filter((r) => r.lastSyncError);
  const what = sync.tenantId ? (rows.find((r) => r.id === sync.tenantId)?.displayName ?? "the tenant") : null;
  if (!done) {
    return (
      <Stack spacing={0.5} data-testid="sync-progress" data-state="running" role="status">
        <Typography variant="body2">
          {what ? `Syncing ${what}…` : total === 0 ? "Sync started: reading the GDAP relationships…" : `Sync running: ${read.length} of ${total} tenants read`}
        </Typography>
        <LinearProgress
          variant={total === 0 ? "indeterminate" : "determinate"}
          value={total === 0 ? undefined : (100 * read.length) / total}
          aria-label="Sync progress"
        />
      </Stack>
    );
  }
  return (
    <Alert severity={failed.length > 0 ? "warning" : "success"} data-testid="sync-progress" data-state="done" role="status">
      {what ? `Sync of ${what} done` : `Sync done: ${total} of ${total} tenants read`}
      {failed.length > 0 ? `; ${failed.length} could not be read:` : "."}
      {failed.length > 0 ? (
        <Stack component="ul" sx={{ m: 0, pl: 2.5 }}>
          {failed.slice(0, SHOWN_ERRORS).map((r) => (
            <li key={r.id}>
              {r.displayName}: {r.lastSyncError}
            </li>
          ))}
          {failed.length > SHOWN_ERRORS ? <li>and {failed.length - SHOWN_ERRORS} more (the Access column says why)</li> : null}
        </Stack>
      ) : null}
    </Alert>
  );
}
