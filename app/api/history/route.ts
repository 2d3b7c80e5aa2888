// One page of history (issue 19): the changes within the caller's scope (and the partner's own
// tenant) that match the filters, newest first, paged in SQL, and how many match in all.
import { signedInWithQuery } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { historyPartner } from "@/lib/db/queries/history";
import { historyPageQuery, listChangesPage, parseHistoryQuery } from "@/lib/db/queries/history-page";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const asked = await signedInWithQuery(request, (params) => parseHistoryQuery(historyPageQuery, params));
  if (asked instanceof Response) return asked;
  const partner = await historyPartner(db(), config().partnerTenantId);
  return Response.json(await listChangesPage(db(), asked.scope, asked.query, partner), { headers: { "Cache-Control": "no-store" } });
}
