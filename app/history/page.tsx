import type { Metadata } from "next";
import { HistoryView } from "@/components/history/HistoryView";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { HISTORY_LIMIT, historyFacets, historyFilter, listChanges } from "@/lib/db/queries/history";
import { proofsAfterRuns } from "@/lib/proof";
import { partnerTenantTitle } from "@/lib/names/store";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/history");
  const scope = await scopeOf(user);
  const raw = await searchParams;
  const filter = historyFilter.parse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string" && v !== "")));
  // The partner's own tenant is no customer: name it, so its service account changes read well.
  const partnerId = config().partnerTenantId;
  const partner = partnerId ? [{ id: partnerId, displayName: await partnerTenantTitle(db(), partnerId.toLowerCase()) }] : [];
  const [rows, facets] = await Promise.all([
    listChanges(db(), filter, scope, Object.fromEntries(partner.map((p) => [p.id, p.displayName])), partnerId?.toLowerCase() ?? null),
    historyFacets(db(), scope, partner, filter.tenant ?? null),
  ]);
  const proofs = await proofsAfterRuns(db(), [...new Set(rows.map((r) => r.runId))]);
  return (
    <HistoryView
      rows={rows}
      filter={filter}
      facets={facets}
      limit={HISTORY_LIMIT}
      canUndo={allows(user.role, "operator")}
      proofs={Object.fromEntries([...proofs].map(([key, proof]) => [key, proof.headline]))}
    />
  );
}
