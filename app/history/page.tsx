import type { Metadata } from "next";
import { HistoryView } from "@/components/history/HistoryView";
import { FIRST_PAGE } from "@/components/history/page-query";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { historyFacets, historyFilter, historyPartner } from "@/lib/db/queries/history";
import { listChangesPage } from "@/lib/db/queries/history-page";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/history");
  const scope = await scopeOf(user);
  const raw = await searchParams;
  const filter = historyFilter.parse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string" && v !== "")));
  // The partner's own tenant is no customer: name it, so its service account changes read well.
  const partner = await historyPartner(db(), config().partnerTenantId);
  // Only the first page is rendered here; the grid asks GET /api/history for the others (issue 19).
  const [initialPage, facets] = await Promise.all([
    listChangesPage(db(), scope, { ...FIRST_PAGE, sort: "at", ...filter }, partner),
    historyFacets(db(), scope, partner ? [partner] : [], filter.tenant ?? null),
  ]);
  return <HistoryView initialPage={initialPage} filter={filter} facets={facets} canUndo={allows(user.role, "operator")} />;
}
