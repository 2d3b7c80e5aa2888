import type { Metadata } from "next";
import { connection } from "next/server";
import { StatusView } from "@/components/status/StatusView";
import { currentHealth } from "@/lib/health";

export const metadata: Metadata = { title: "Status" };

export default async function StatusPage() {
  await connection(); // always live: never prerendered at build time
  const report = await currentHealth();
  return <StatusView initial={report} />;
}
