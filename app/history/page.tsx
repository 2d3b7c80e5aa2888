import type { Metadata } from "next";
import { HistoryView } from "@/components/history/HistoryView";
import { requireUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { historyFacets, historyFilter, listChanges } from "@/lib/db/queries/history";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("/history");
  const raw = await searchParams;
  const filter = historyFilter.parse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string" && v !== "")));
  const [rows, facets] = await Promise.all([listChanges(db(), filter), historyFacets(db())]);
  return <HistoryView rows={rows} filter={filter} facets={facets} />;
}
