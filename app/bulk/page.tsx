import type { Metadata } from "next";
import { BulkWizard } from "@/components/bulk/BulkWizard";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { db } from "@/lib/db/client";
import { listTenants } from "@/lib/db/queries/tenants";

export const metadata: Metadata = { title: "Bulk fix" };

export default async function BulkPage() {
  const user = await requireUser("/bulk", "operator");
  return <BulkWizard initial={await listTenants(db(), await scopeOf(user))} />;
}
