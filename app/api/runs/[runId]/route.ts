import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { runView } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** A run's progress, each tenant and (for a run of one tenant) each change, for the pages that follow it (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const id = z.uuid().safeParse((await params).runId);
  const view = id.success ? await runView(db(), id.data) : null;
  if (!view) return Response.json({ error: "No such run." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
