import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { runPreviewView } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** A run's preview: progress of the reads, totals and one row per tenant, for the pages that poll it (any signed-in user). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const id = z.uuid().safeParse((await params).runId);
  const view = id.success ? await runPreviewView(db(), id.data) : null;
  if (!view) return Response.json({ error: "No such preview." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
