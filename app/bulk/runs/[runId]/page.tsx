import type { Metadata } from "next";
import { BulkRunPage } from "@/components/bulk/BulkRunPage";
import { requireUser } from "@/lib/auth/request";

export const metadata: Metadata = { title: "Bulk fix run" };

export default async function BulkRunRoute({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  await requireUser(`/bulk/runs/${encodeURIComponent(runId)}`, "operator");
  // The browser polls the run (GET /api/bulk/runs/{id}) until it ends; an unknown id shows as a message.
  return <BulkRunPage runId={runId} />;
}
