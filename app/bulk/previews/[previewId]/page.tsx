import type { Metadata } from "next";
import { BulkPreviewPage } from "@/components/bulk/BulkPreviewPage";
import { requireUser } from "@/lib/auth/request";

export const metadata: Metadata = { title: "Bulk fix preview" };

export default async function BulkPreviewRoute({ params }: { params: Promise<{ previewId: string }> }) {
  const { previewId } = await params;
  await requireUser(`/bulk/previews/${encodeURIComponent(previewId)}`, "operator");
  // The preview is read by the browser (it polls while the job reads tenants); an unknown id shows
  // the route handler's 404 as a message.
  return <BulkPreviewPage previewId={previewId} />;
}
