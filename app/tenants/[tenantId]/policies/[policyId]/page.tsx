import Breadcrumbs from "@mui/material/Breadcrumbs";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Metadata } from "next";
import NextLink from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PolicyVersions } from "@/components/guard/PolicyVersions";
import { requireUser } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { getTenant } from "@/lib/db/queries/tenants";
import { policyTimeline } from "@/lib/guard/views";

export const metadata: Metadata = { title: "Policy versions" };

// Graph's policy ids are GUIDs; anything else is simply not a policy.
const params = z.object({ tenantId: z.uuid(), policyId: z.uuid() }).strict();

export default async function PolicyVersionsPage({ params: raw }: { params: Promise<{ tenantId: string; policyId: string }> }) {
  const given = await raw;
  await requireUser(`/tenants/${given.tenantId}/policies/${given.policyId}`);
  const parsed = params.safeParse(given);
  if (!parsed.success) notFound();
  const tenantId = parsed.data.tenantId.toLowerCase();
  const tenant = await getTenant(db(), tenantId);
  if (!tenant) notFound();
  // Every tenant until per-user tenant scopes exist: the filter (null = all) is where they plug in.
  const timeline = await policyTimeline(db(), null, tenantId, parsed.data.policyId.toLowerCase(), { partnerTenantId: config().partnerTenantId ?? null });
  if (!timeline) notFound();
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }}>
      <Breadcrumbs>
        <Link component={NextLink} href="/tenants">
          Tenants
        </Link>
        <Link component={NextLink} href={`/tenants/${tenantId}`}>
          {tenant.displayName}
        </Link>
        <Typography color="text.primary">Versions</Typography>
      </Breadcrumbs>
      <Typography variant="h4" component="h1">
        {timeline.displayName}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {timeline.versions.length} version{timeline.versions.length === 1 ? "" : "s"} seen, newest first. A version is kept whenever the policy&apos;s content
        differs from the one before (Entra&apos;s modified time alone is not a change).
      </Typography>
      <PolicyVersions timeline={timeline} />
    </Stack>
  );
}
