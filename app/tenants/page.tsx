import type { Metadata } from "next";
import { isPreset } from "@/components/tenants/presets";
import { TenantsView } from "@/components/tenants/TenantsView";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { listTenants } from "@/lib/db/queries/tenants";
import { automationReadiness } from "@/lib/graph";

export const metadata: Metadata = { title: "Tenants" };

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/tenants");
  const { show } = await searchParams;
  const [rows, automation] = await Promise.all([listTenants(db(), await scopeOf(user)), automationReadiness()]);
  return <TenantsView initial={rows} canSync={allows(user.role, "operator")} automation={automation} show={isPreset(show) ? show : "all"} />;
}
