import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { bulkPreviewView } from "@/lib/bulk";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** A bulk preview's progress, totals and tenants, for the wizard's polling (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ previewId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const id = z.uuid().safeParse((await params).previewId);
  const view = id.success ? await bulkPreviewView(db(), id.data) : null;
  if (!view) return Response.json({ error: "No such bulk preview." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
