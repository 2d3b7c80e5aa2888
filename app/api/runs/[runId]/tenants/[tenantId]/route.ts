import { z } from "zod";
import { signedIn } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { partnerTenantTitle } from "@/lib/names/store";
import { tenantPreviewView } from "@/lib/runs";
import { runVisible } from "@/lib/runs/scope";

export const dynamic = "force-dynamic";

/** One tenant's previewed changes in a run, fetched when its row is opened (any signed-in user whose scope holds the run: lib/runs/scope.ts). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string; tenantId: string }> }) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const { runId, tenantId } = await params;
  const ids = z.object({ runId: z.uuid(), tenantId: z.uuid() }).safeParse({ runId, tenantId });
  const partner = config().partnerTenantId;
  const view =
    ids.success && (await runVisible(db(), ids.data.runId, who.scope))
      ? await tenantPreviewView(
          db(),
          ids.data.runId,
          ids.data.tenantId,
          partner ? { id: partner.toLowerCase(), name: await partnerTenantTitle(db(), partner.toLowerCase()) } : undefined,
        )
      : null;
  if (!view) return Response.json({ error: "No such tenant in this run." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
