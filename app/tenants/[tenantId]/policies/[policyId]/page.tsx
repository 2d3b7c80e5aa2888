import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PolicyVersions } from "@/components/guard/PolicyVersions";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { scopeTenantList } from "@/lib/auth/scope";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { getTenant } from "@/lib/db/queries/tenants";
import { policyTimeline } from "@/lib/guard/views";
import { leftAloneIn } from "@/lib/guard/leave-alone";
import { allows } from "@/lib/auth/roles";
import { LeaveAlone } from "@/components/guard/LeaveAlone";

export const metadata: Metadata = { title: "Policy versions" };

// Graph's policy ids are GUIDs; anything else is simply not a policy.
const params = z.object({ tenantId: z.uuid(), policyId: z.uuid() }).strict();

export default async function PolicyVersionsPage({ params: raw }: { params: Promise<{ tenantId: string; policyId: string }> }) {
  const given = await raw;
  const user = await requireUser(`/tenants/${given.tenantId}/policies/${given.policyId}`);
  const scope = await scopeOf(user);
  const parsed = params.safeParse(given);
  if (!parsed.success) notFound();
  const tenantId = parsed.data.tenantId.toLowerCase();
  // Outside the person's tenant scope reads as unknown.
  const tenant = await getTenant(db(), tenantId, scope);
  if (!tenant) notFound();
  const timeline = await policyTimeline(db(), scopeTenantList(scope), tenantId, parsed.data.policyId.toLowerCase(), {
    partnerTenantId: config().partnerTenantId ?? null,
  });
  if (!timeline) notFound();
  const leftAlone = (await leftAloneIn(db(), tenantId)).get(timeline.policyId) ?? null;
  return (
    <PolicyVersions
      tenantName={tenant.displayName}
      timeline={timeline}
      leaveAlone={<LeaveAlone tenantId={tenantId} policyId={timeline.policyId} leftAlone={leftAlone} canMark={allows(user.role, "operator")} />}
    />
  );
}
