// Polling a remediation run from the browser (GET /api/runs/{id}) and saying where it stands.
import { useQuery } from "@tanstack/react-query";
import type { RunChangeView, RunView } from "@/lib/db/queries/runs";

async function fetchRun(runId: string): Promise<RunView> {
  const res = await fetch(`/api/runs/${runId}`, { cache: "no-store" });
  if (!res.ok)
    throw new Error(res.status === 401 ? "Your session has ended; sign in again to see the results." : `Could not read the run (HTTP ${res.status}).`);
  return (await res.json()) as RunView;
}

/** The run, re-read every second until it has ended (an ended run never changes again). */
export function useRun(runId: string | null) {
  return useQuery({
    queryKey: ["run", runId],
    queryFn: () => fetchRun(runId!),
    enabled: runId !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.ended ? false : 1000),
  });
}

export function runHeadline(run: RunView | undefined): { text: string; severity: "info" | "success" | "warning" | "error" } {
  if (!run) return { text: "Starting the fix…", severity: "info" };
  const count = (result: string) => run.changes.filter((c) => c.result === result).length;
  const tally = `${count("applied")} applied, ${count("skipped")} skipped, ${count("failed")} failed${count("pending") ? `, ${count("pending")} pending` : ""}`;
  switch (run.status) {
    case "queued":
      return { text: "Queued: waiting for a worker to pick the fix up…", severity: "info" };
    case "running":
      return { text: `Running: ${tally} so far…`, severity: "info" };
    case "completed":
      return { text: `Finished: ${tally}.`, severity: count("failed") || count("pending") ? "warning" : "success" };
    case "cancelled":
      return { text: `Cancelled: ${run.error ?? "the fix did not run."}`, severity: "warning" };
    default:
      return { text: `The fix failed: ${run.error ?? "see the history for details."}`, severity: "error" };
  }
}

export type { RunChangeView, RunView };
