import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/DashboardView";
import { requireUser } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { dashboard } from "@/lib/db/queries/dashboard";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requireUser("/");
  return <DashboardView data={await dashboard(db())} />;
}
