import type { Metadata } from "next";
import { connection } from "next/server";
import { PublicStatusView, StatusView } from "@/components/status/StatusView";
import { currentUser } from "@/lib/auth/request";
import { currentHealth, publicHealth } from "@/lib/health";

export const metadata: Metadata = { title: "Status" };

export default async function StatusPage() {
  await connection(); // always live: never prerendered at build time
  const [report, user] = await Promise.all([currentHealth(), currentUser()]);
  // Anyone may learn whether the portal is healthy; how it is built is for signed-in staff only.
  if (!user) return <PublicStatusView health={publicHealth(report)} />;
  return <StatusView initial={report} />;
}
