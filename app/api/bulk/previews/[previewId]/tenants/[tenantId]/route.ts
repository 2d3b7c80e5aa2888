import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { bulkPreviewTenantDetail } from "@/lib/bulk";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** One tenant's planned changes in a bulk preview, fetched when its row is expanded (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ previewId: string; tenantId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const { previewId, tenantId } = await params;
  const ids = z.object({ previewId: z.uuid(), tenantId: z.uuid() }).safeParse({ previewId, tenantId });
  const detail = ids.success ? await bulkPreviewTenantDetail(db(), ids.data.previewId, ids.data.tenantId) : null;
  if (!detail) return Response.json({ error: "No such tenant in this bulk preview." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(detail, { headers: { "Cache-Control": "no-store" } });
}
