// A started sync followed to its end on the tenants page: "n of N tenants read" while it runs, then
// done, with the tenants that could not be read and why (issue 20: every started job reports its
// progress and its end state). Counted in SQL (lib/db/queries/tenants-summary.ts), so a sync of
// 10,000 tenants is followed with a few numbers.
import Alert from "@mui/material/Alert";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { SyncCount } from "@/lib/db/queries/tenants-summary";
import { syncDone, type SyncState } from "./sync-progress";

export function SyncProgress({ count, sync }: { count: SyncCount | null | undefined; sync: SyncState }) {
  const total = count?.total ?? 0;
  const read = count?.read ?? 0;
  const what = sync.tenantId ? (count?.tenantName ?? "the tenant") : null;
  if (!syncDone(count)) {
    return (
      <Stack spacing={0.5} data-testid="sync-progress" data-state="running" role="status">
        <Typography variant="body2">
          {what ? `Syncing ${what}…` : total === 0 ? "Sync started: reading the GDAP relationships…" : `Sync running: ${read} of ${total} tenants read`}
        </Typography>
        <LinearProgress
          variant={total === 0 ? "indeterminate" : "determinate"}
          value={total === 0 ? undefined : (100 * read) / total}
          aria-label="Sync progress"
        />
      </Stack>
    );
  }
  const failed = count?.failed ?? [];
  const failedCount = count?.failedCount ?? 0;
  return (
    <Alert severity={failedCount > 0 ? "warning" : "success"} data-testid="sync-progress" data-state="done" role="status">
      {what ? `Sync of ${what} done` : `Sync done: ${total} of ${total} tenants read`}
      {failedCount > 0 ? `; ${failedCount} could not be read:` : "."}
      {failedCount > 0 ? (
        <Stack component="ul" sx={{ m: 0, pl: 2.5 }}>
          {failed.map((r) => (
            <li key={r.id}>
              {r.displayName}: {r.error}
            </li>
          ))}
          {failedCount > failed.length ? <li>and {failedCount - failed.length} more (the Access column says why)</li> : null}
        </Stack>
      ) : null}
    </Alert>
  );
}
