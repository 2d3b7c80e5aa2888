import { z } from "zod";
import { signedIn } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { getChange } from "@/lib/db/queries/history";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ changeId: string }> }) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const { changeId } = await params;
  const id = z.uuid().safeParse(changeId);
  const partner = config().partnerTenantId;
  // Outside the user's scope reads as unknown: the answer does not tell that the change exists.
  const change = id.success ? await getChange(db(), id.data, who.scope, partner ? [partner] : []) : null;
  if (!change) return Response.json({ error: "No such change." }, { status: 404 });
  return Response.json(change, { headers: { "Cache-Control": "no-store" } });
}
