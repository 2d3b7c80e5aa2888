import Stack from "@mui/material/Stack";
import type { Metadata } from "next";
import { ChangesTimeline } from "@/components/guard/ChangesTimeline";
import { PartnerView } from "@/components/partner/PartnerView";
import { requireUser } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { partnerGuardRead, tenantEvents } from "@/lib/guard/views";

export const metadata: Metadata = { title: "Partner tenant" };

// Everything about the policies is read live from the partner tenant in the browser (TanStack Query
// over the server actions), so the page itself renders at once and a slow tenant shows as loading.
// The guard's changes come from Postgres (each sweep reads the partner tenant too): every role that
// opens this page sees the partner's policies, so it sees their changes as well.
export default async function PartnerPage() {
  const user = await requireUser("/partner");
  const partner = config().partnerTenantId;
  const events = partner ? ((await tenantEvents(db(), null, partner, { partnerTenantId: partner, limit: 50 })) ?? []) : [];
  const lastRead = partner ? await partnerGuardRead(db()) : null;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }}>
      <PartnerView canOperate={allows(user.role, "operator")} canAdmin={allows(user.role, "admin")} />
      {partner ? <ChangesTimeline tenantId={partner} events={events} versionLinks={false} lastRead={lastRead} /> : null}
    </Stack>
  );
}
