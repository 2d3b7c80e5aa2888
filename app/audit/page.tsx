import Alert from "@mui/material/Alert";
import type { Metadata } from "next";
import { AuditView } from "@/components/audit/AuditView";
import { auditFacets, listAuditEvents, parseAuditQuery } from "@/lib/audit/read";
import { requireUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("/audit", "admin");
  const raw = Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === "string");
  const parsed = parseAuditQuery(raw);
  if (!parsed.success) {
    return <Alert severity="error">These filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.</Alert>;
  }
  const [list, facets] = await Promise.all([listAuditEvents(db(), parsed.data), auditFacets(db())]);
  return <AuditView {...list} query={parsed.data} facets={facets} />;
}
