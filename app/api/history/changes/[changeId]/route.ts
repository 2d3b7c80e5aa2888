import { z } from "zod";
import { signedIn } from "@/lib/auth/request";
import { scopeTenantList } from "@/lib/auth/scope";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { getChange, type ChangeDetail } from "@/lib/db/queries/history";
import { versionsOfChanges } from "@/lib/guard/views";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ changeId: string }> }) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const { changeId } = await params;
  const id = z.uuid().safeParse(changeId);
  const partner = config().partnerTenantId;
  // Outside the user's scope reads as unknown: the answer does not tell that the change exists.
  const change = id.success ? await getChange(db(), id.data, who.scope, partner ? [partner] : [], partner ?? null) : null;
  if (!change) return Response.json({ error: "No such change." }, { status: 404 });
  // The timeline's version this change produced (the partner's own tenant has no timeline).
  const produced = await versionsOfChanges(db(), scopeTenantList(who.scope), [{ ...change, createdAt: change.at }]);
  const body: ChangeDetail = { ...change, producedVersionId: produced.get(change.id) ?? null };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}
