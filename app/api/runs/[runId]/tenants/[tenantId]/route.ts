import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { PARTNER_TENANT_NAME } from "@/lib/partner";
import { tenantPreviewView } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** One tenant's previewed changes in a run, fetched when its row is opened (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string; tenantId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const { runId, tenantId } = await params;
  const ids = z.object({ runId: z.uuid(), tenantId: z.uuid() }).safeParse({ runId, tenantId });
  const partner = config().partnerTenantId;
  const view = ids.success
    ? await tenantPreviewView(db(), ids.data.runId, ids.data.tenantId, partner ? { id: partner.toLowerCase(), name: PARTNER_TENANT_NAME } : undefined)
    : null;
  if (!view) return Response.json({ error: "No such tenant in this run." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
