import { z } from "zod";
import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { runPreviewView } from "@/lib/runs";
import { runVisible } from "@/lib/runs/scope";

export const dynamic = "force-dynamic";

/** A run's preview: progress of the reads, totals and one row per tenant, for the pages that poll it (any signed-in user whose scope holds the run: lib/runs/scope.ts). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const id = z.uuid().safeParse((await params).runId);
  const view = id.success && (await runVisible(db(), id.data, who.scope)) ? await runPreviewView(db(), id.data) : null;
  if (!view) return Response.json({ error: "No such preview." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
