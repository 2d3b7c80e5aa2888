import { z } from "zod";
import { currentUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { getChange } from "@/lib/db/queries/history";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ changeId: string }> }) {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  const { changeId } = await params;
  const id = z.uuid().safeParse(changeId);
  const change = id.success ? await getChange(db(), id.data) : null;
  if (!change) return Response.json({ error: "No such change." }, { status: 404 });
  return Response.json(change, { headers: { "Cache-Control": "no-store" } });
}
