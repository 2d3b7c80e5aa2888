import type { Metadata } from "next";
import { PartnerView } from "@/components/partner/PartnerView";
import { requireUser } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Partner tenant" };

// Everything on the page is read live from the partner tenant in the browser (TanStack Query over
// the server actions), so the page itself renders at once and a slow tenant shows as loading.
export default async function PartnerPage() {
  const user = await requireUser("/partner");
  return <PartnerView canOperate={allows(user.role, "operator")} canAdmin={allows(user.role, "admin")} />;
}
