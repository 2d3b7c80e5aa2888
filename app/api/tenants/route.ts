import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { listTenants } from "@/lib/db/queries/tenants";

export const dynamic = "force-dynamic";

export async function GET() {
  const who = await signedIn();
  if (who instanceof Response) return who;
  return Response.json(await listTenants(db(), who.scope), { headers: { "Cache-Control": "no-store" } });
}
