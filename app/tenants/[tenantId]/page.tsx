import Alert from "@mui/material/Alert";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ChangesTimeline } from "@/components/guard/ChangesTimeline";
import { GuardStatus } from "@/components/guard/GuardStatus";
import { guardModeOf } from "@/lib/guard/modes";
import { AppOnlyWrites } from "@/components/tenant/AppOnlyWrites";
import { GdapRelationships } from "@/components/tenant/GdapRelationships";
import { ProofOfAccess } from "@/components/tenant/ProofOfAccess";
import { TenantFixes } from "@/components/tenant/TenantFixes";
import { latestProof } from "@/lib/proof";
import { accessLabel, gdapColor } from "@/components/tenants/access";
import { requireUser, scopeOf } from "@/lib/auth/request";
import { scopeTenantList } from "@/lib/auth/scope";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { getTenant } from "@/lib/db/queries/tenants";
import { relationshipsOf } from "@/lib/db/queries/gdap-relationships";
import { policyViews } from "@/lib/db/queries/tenant-policies";
import { describeOptionsByTenant } from "@/lib/names/store";
import { guardRunsOf, tenantEvents } from "@/lib/guard/views";
import { GIVES_ACCESS } from "@/lib/sync/gdap-summary";
import { tenantFindings } from "@/lib/ca";

export const metadata: Metadata = { title: "Tenant" };

export default async function TenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const user = await requireUser(`/tenants/${tenantId}`);
  // The id is user input: anything but a GUID is simply not a tenant.
  if (!z.uuid().safeParse(tenantId).success) notFound();
  // Outside the user's scope reads as unknown: the page does not tell that the tenant exists.
  const scope = await scopeOf(user);
  const tenant = await getTenant(db(), tenantId.toLowerCase(), scope);
  if (!tenant) notFound();
  const partner = config().partnerTenantId;
  const access = accessLabel(tenant.accessHealth);
  const names = await describeOptionsByTenant(db(), [tenant.id], partner ? partner.toLowerCase() : null);
  const policies = partner ? policyViews(tenant.policies, partner, names(tenant.id), { entraP2: tenant.entraP2, insiderRisk: null }) : null;
  const guard = await guardModeOf(db(), tenant.id);
  const guardRuns = await guardRunsOf(db(), tenant.id);
  const proof = await latestProof(db(), tenant.id);
  const relationships = await relationshipsOf(db(), tenant.id, scope);
  const recommendations = tenant.policies.length > 0 ? tenantFindings(tenant.policies.map((p) => p.policy)) : [];
  const events = (await tenantEvents(db(), scopeTenantList(scope), tenant.id, { partnerTenantId: partner ?? null, limit: 50 })) ?? [];
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }}>
      <TenantFixes
        tenantId={tenant.id}
        tenantName={tenant.displayName}
        policies={policies}
        canFix={allows(user.role, "operator")}
        header={
          <Stack spacing={0.5}>
            {/* A way back to the list (issue 20), also from a link someone sent. */}
            <Link href="/tenants" variant="body2" underline="hover">
              ← All tenants
            </Link>
            <Typography variant="h4" component="h1" sx={{ overflowWrap: "anywhere" }}>
              {tenant.displayName}
            </Typography>
          </Stack>
        }
      >
        <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", alignItems: "center" }}>
          <Chip label={`GDAP ${tenant.gdapStatus ?? "unknown"}`} color={gdapColor(tenant.gdapStatus ?? "")} variant="outlined" />
          <Chip label={access.label} color={access.color} />
          <Typography variant="body2" color="text.secondary">
            {tenant.policyCount ?? 0} policies · {tenant.needsFixCount ?? 0} need the exclusion · {tenant.needsReviewCount ?? 0} need review · last synced{" "}
            {tenant.lastSyncedAt ? tenant.lastSyncedAt.toLocaleString() : "never"}
          </Typography>
        </Stack>
        {tenant.accessReason && !["delegated", "app-only"].includes(tenant.accessHealth ?? "") ? <Alert severity="warning">{tenant.accessReason}</Alert> : null}
        {recommendations.map((f) => (
          <Alert key={f.id} severity="info" data-testid="tenant-finding">
            {f.text}
            <Typography variant="caption" component="p" sx={{ mt: 0.5 }}>
              Microsoft&apos;s recommendation: {f.rule}
            </Typography>
          </Alert>
        ))}
        {partner ? null : <Alert severity="error">PARTNER_TENANT_ID is not configured, so policies cannot be assessed.</Alert>}
        {partner ? <ProofOfAccess tenantId={tenant.id} proof={proof} /> : null}
        <GdapRelationships relationships={relationships} />
        <AppOnlyWrites
          tenantId={tenant.id}
          gdapActive={GIVES_ACCESS.has(tenant.gdapStatus ?? "")}
          allowedAt={tenant.appOnlyWritesAllowedAt?.toISOString() ?? null}
          allowedByUpn={tenant.appOnlyWritesAllowedByUpn}
          canManage={allows(user.role, "admin")}
        />
        <GuardStatus
          tenantId={tenant.id}
          canResume={allows(user.role, "admin")}
          guard={{
            mode: guard.mode,
            source: guard.source,
            setByUpn: guard.setBy.upn,
            stoppedAt: tenant.autoFixStoppedAt?.toISOString() ?? null,
            stoppedReason: tenant.autoFixStoppedReason,
            runs: guardRuns,
          }}
        />
        <ChangesTimeline tenantId={tenant.id} events={events} />
      </TenantFixes>
    </Stack>
  );
}
