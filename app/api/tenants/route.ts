// The tenants within the caller's scope. With `page` (and pageSize, sort, dir, q, health, needsFix)
// it answers one page and the total, paged in SQL (the grid at 10,000 tenants); without, the whole
// scoped list as before (test helpers and small fleets).
import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { listTenants } from "@/lib/db/queries/tenants";
import { listTenantsPage, parseTenantPageQuery } from "@/lib/db/queries/tenants-page";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(request: Request) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const params = new URL(request.url).searchParams;
  if (params.size === 0) return Response.json(await listTenants(db(), who.scope), { headers: NO_STORE });
  const parsed = parseTenantPageQuery(params);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400, headers: NO_STORE });
  return Response.json(await listTenantsPage(db(), who.scope, parsed.query), { headers: NO_STORE });
}
