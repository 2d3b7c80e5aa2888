import type { Metadata } from "next";
import { TenantsView } from "@/components/tenants/TenantsView";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { listTenants } from "@/lib/db/queries/tenants";

export const metadata: Metadata = { title: "Tenants" };

export default async function TenantsPage() {
  const user = await requireUser("/tenants");
  return <TenantsView initial={await listTenants(db(), await scopeOf(user))} canSync={allows(user.role, "operator")} />;
}
