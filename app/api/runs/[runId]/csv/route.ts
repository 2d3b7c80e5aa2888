import { z } from "zod";
import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { runCsv } from "@/lib/runs";
import { runVisible } from "@/lib/runs/scope";

export const dynamic = "force-dynamic";

/** The run's outcome per tenant and policy change, as a CSV download (any signed-in user whose scope holds the run: lib/runs/scope.ts). */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const id = z.uuid().safeParse((await params).runId);
  const csv = id.success && (await runVisible(db(), id.data, who.scope)) ? await runCsv(db(), id.data) : null;
  if (csv === null || !id.success) return Response.json({ error: "No such run." }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="run-${id.data.toLowerCase()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
