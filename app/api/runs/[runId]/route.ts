import { z } from "zod";
import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { runViewFor } from "@/lib/runs/run-view-for";

export const dynamic = "force-dynamic";

/**
 * A run's progress, each tenant and (for a run of one tenant) each change, and the caller's part in
 * its approval, for the pages that follow it (any signed-in user whose scope holds the run: lib/runs/scope.ts).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const id = z.uuid().safeParse((await params).runId);
  const view = id.success ? await runViewFor(db(), id.data, who.user, who.scope) : null;
  if (!view) return Response.json({ error: "No such run." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
