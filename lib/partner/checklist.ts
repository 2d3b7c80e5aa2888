// The checklist's state from the live partner tenant and the stored attestation, and the
// attestation itself (who and when, plus an audit row).
import "server-only";
import { recordAudit } from "../audit/record";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { buildChecklist, type Checklist } from "./checklist-rules";
import { defaultPartnerContext, partnerTenantIdOf, prismaOf, type PartnerActor, type PartnerContext } from "./context";
import { partnerOverview } from "./overview";
import { readPartnerSettings } from "../db/queries/partner-settings";

export async function checklistState(ctx: PartnerContext = defaultPartnerContext()): Promise<Checklist> {
  const settings = await readPartnerSettings(prismaOf(ctx));
  try {
    return buildChecklist(await partnerOverview(ctx), settings);
  } catch (error) {
    // The dashboard shows the checklist too: a tenant that cannot be read now is a state, not a crash.
    if (!(error instanceof GraphFailure)) throw error;
    return buildChecklist(null, settings, error.message);
  }
}

/**
 * Records (or withdraws, with `removed: false`) the attestation that classic MFA trusted IPs are
 * removed. Stored on PartnerSettings (the current state) and in the audit log (every statement).
 */
export async function attestTrustedIpsRemoved(
  removed: boolean,
  by: PartnerActor,
  ctx: PartnerContext = defaultPartnerContext(),
): Promise<{ attestedAt: Date | null; attestedByUpn: string | null }> {
  const prisma = prismaOf(ctx);
  const attestedAt = removed ? new Date() : null;
  const attestedByUpn = removed ? by.upn : null;
  const data = { trustedIpsRemovedAttestedAt: attestedAt, trustedIpsRemovedAttestedByUpn: attestedByUpn, updatedByUpn: by.upn };
  await prisma.partnerSettings.upsert({ where: { id: 1 }, create: { id: 1, partnerTenantId: partnerTenantIdOf(ctx), ...data }, update: data });
  await recordAudit(prisma, {
    action: removed ? "partner-attest-trusted-ips-removed" : "partner-withdraw-trusted-ips-attestation",
    result: "success",
    actor: by,
    targetTenantId: partnerTenantIdOf(ctx),
    detail: { removed },
  });
  return { attestedAt, attestedByUpn };
}
