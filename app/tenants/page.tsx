import type { Metadata } from "next";
import { FIRST_PAGE } from "@/components/tenants/page-query";
import { isPreset } from "@/components/tenants/presets";
import { TenantsView } from "@/components/tenants/TenantsView";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { listTenantsPage } from "@/lib/db/queries/tenants-page";
import { tenantsSummary } from "@/lib/db/queries/tenants-summary";
import { automationReadiness } from "@/lib/graph";

export const metadata: Metadata = { title: "Tenants" };

// Only the first page of the grid and the fleet's counts are rendered here (issue 19: at 10,000
// tenants the whole list made the page megabytes); the grid asks GET /api/tenants for the rest.
export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/tenants");
  const params = await searchParams;
  const show = isPreset(params.show) ? params.show : "all";
  const q = typeof params.q === "string" ? params.q.trim().slice(0, 200) : "";
  const scope = await scopeOf(user);
  const [initialPage, summary, automation] = await Promise.all([
    listTenantsPage(db(), scope, { ...FIRST_PAGE, q: q || undefined, show: show === "all" ? undefined : show }),
    tenantsSummary(db(), scope),
    automationReadiness(),
  ]);
  return <TenantsView initialPage={initialPage} summary={summary} canSync={allows(user.role, "operator")} automation={automation} show={show} q={q} />;
}
