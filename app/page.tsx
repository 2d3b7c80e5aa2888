import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/DashboardView";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { dashboard } from "@/lib/db/queries/dashboard";
import { automationReadiness } from "@/lib/graph";
import { checklistState } from "@/lib/partner";

export const metadata: Metadata = { title: "Dashboard" };

/** The partner checklist never takes the dashboard down: whatever goes wrong is shown in its card. */
async function partnerChecklist() {
  try {
    return { checklist: await checklistState(), error: null };
  } catch (error) {
    return { checklist: null, error: error instanceof Error ? error.message : String(error) };
  }
}

export default async function DashboardPage() {
  const user = await requireUser("/");
  const scope = await scopeOf(user);
  const [data, partner, automation] = await Promise.all([dashboard(db(), scope), partnerChecklist(), automationReadiness()]);
  return <DashboardView data={data} partner={partner} automation={automation} canCheckAll={allows(user.role, "operator")} />;
}
