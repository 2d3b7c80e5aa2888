import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { getRun } from "@/lib/db/queries/runs";

export const dynamic = "force-dynamic";

/** A run's status and its changes so far, for the preview dialog's polling (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const id = z.uuid().safeParse((await params).runId);
  const run = id.success ? await getRun(db(), id.data.toLowerCase()) : null;
  if (!run) return Response.json({ error: "No such run." }, { status: 404 });
  return Response.json(run, { headers: { "Cache-Control": "no-store" } });
}
