import { currentUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { listTenants } from "@/lib/db/queries/tenants";

export const dynamic = "force-dynamic";

export async function GET() {
  if (!(await currentUser())) return Response.json({ error: "Not signed in." }, { status: 401 });
  return Response.json(await listTenants(db()), { headers: { "Cache-Control": "no-store" } });
}
