// The MSP's own tenant in each sweep: one read of its policies (paced like every Conditional Access
// request), recorded in the timeline under the partner tenant's id with the partner events
// (partner-events.ts): the service account's dedicated policy changed or switched off, the account
// no longer excluded somewhere, a new policy that may apply to it.
import { readPartnerSettings } from "../db/queries/partner-settings";
import { GraphFailure } from "../graph/tenant-graph-contract";
import type { SyncDeps } from "../sync/sync";
import { lockTimeline, recordTimeline, type RecordedTimeline } from "./record";

export async function sweepPartner(deps: SyncDeps, sweepId: string): Promise<({ ok: true } & RecordedTimeline) | { ok: false; error: string }> {
  const settings = await readPartnerSettings(deps.prisma);
  try {
    const graph = await deps.openTenant(deps.partnerTenantId);
    const policies = await graph.listPolicies();
    const now = deps.now?.() ?? new Date();
    const facts = {
      accountId: settings.serviceAccountId,
      accountUpn: settings.serviceAccountUpn,
      dedicatedPolicyId: settings.dedicatedPolicyId,
      dedicatedPolicyName: settings.dedicatedPolicyName,
    };
    const recorded = await deps.prisma.$transaction(async (tx) => {
      await lockTimeline(tx, deps.partnerTenantId);
      return recordTimeline(tx, {
        tenantId: deps.partnerTenantId,
        policies,
        partnerTenantId: deps.partnerTenantId,
        observation: { seenBy: "sweep", sweepId },
        now,
        partner: facts,
      });
    });
    return { ok: true, ...recorded };
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    return { ok: false, error: err.message };
  }
}
