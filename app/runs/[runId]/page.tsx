import type { Metadata } from "next";
import { RunPage } from "@/components/runs/RunPage";
import { requireUser } from "@/lib/auth/request";

export const metadata: Metadata = { title: "Run" };

export default async function RunRoute({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  await requireUser(`/runs/${encodeURIComponent(runId)}`);
  // The browser reads the run from GET /api/runs/{id}, which checks the person's scope; an unknown
  // id or a run outside their scope shows its 404 as a message.
  return <RunPage runId={runId} />;
}
