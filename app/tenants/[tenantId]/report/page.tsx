import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CustomerReportView } from "@/components/guard/CustomerReportView";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { scopeTenantList } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { customerReport } from "@/lib/guard/report";

export const metadata: Metadata = { title: "Customer report" };

export default async function CustomerReportPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const user = await requireUser(`/tenants/${tenantId}/report`);
  if (!z.uuid().safeParse(tenantId).success) notFound();
  // Outside the person's tenant scope reads as unknown.
  const report = await customerReport(db(), scopeTenantList(await scopeOf(user)), tenantId.toLowerCase());
  if (!report) notFound();
  return <CustomerReportView report={report} />;
}
