// The tenants page's summary of the whole fleet in the caller's scope (the summary line, each preset's
// count) and, with `since` (and `tenant`), a started sync's progress: counted in SQL, so the page
// polls a few numbers while a sync runs, never the fleet's rows.
import { signedIn } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { syncCount, syncCountQuery, tenantsSummary } from "@/lib/db/queries/tenants-summary";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(request: Request) {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const parsed = syncCountQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.code === "unrecognized_keys" ? `unknown parameter ${i.keys.join(", ")}` : i.message));
    return Response.json({ error: `The tenant summary query is not valid: ${problems.join("; ")}.` }, { status: 400, headers: NO_STORE });
  }
  const { since, tenant } = parsed.data;
  const [summary, sync] = await Promise.all([
    tenantsSummary(db(), who.scope),
    since ? syncCount(db(), who.scope, new Date(since), tenant ?? null) : Promise.resolve(null),
  ]);
  return Response.json({ summary, sync }, { headers: NO_STORE });
}
