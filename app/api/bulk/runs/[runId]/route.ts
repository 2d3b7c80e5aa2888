import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { bulkRunView } from "@/lib/bulk";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** A bulk run's progress and per-tenant outcomes, for the progress page's polling (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const id = z.uuid().safeParse((await params).runId);
  const view = id.success ? await bulkRunView(db(), id.data) : null;
  if (!view) return Response.json({ error: "No such bulk run." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
