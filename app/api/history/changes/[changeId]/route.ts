import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { getChange, type ChangeDetail } from "@/lib/db/queries/history";
import { versionsOfChanges } from "@/lib/guard/views";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ changeId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const { changeId } = await params;
  const id = z.uuid().safeParse(changeId);
  const change = id.success ? await getChange(db(), id.data) : null;
  if (!change) return Response.json({ error: "No such change." }, { status: 404 });
  // The timeline's version this change produced; every tenant until per-user tenant scopes exist (null = all).
  const produced = await versionsOfChanges(db(), null, [{ ...change, createdAt: change.at }]);
  const body: ChangeDetail = { ...change, producedVersionId: produced.get(change.id) ?? null };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}
