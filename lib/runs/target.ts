// A run's target (lib/remediation's FixTarget): made when the run is previewed, from the
// configuration and the partner settings as they are then, and checked again when its job runs:
// the MSP's tenant id or the chosen service account may have changed in between, and a job must
// never write for a target nobody confirmed.
import type { PrismaClient } from "../db/generated/client";
import { chosenAccount, NO_ACCOUNT_CHOSEN, readPartnerSettings } from "../db/queries/partner-settings";
import type { FixTarget, RemediationAction } from "../remediation";
import { RunRefusal } from "./errors";

export const NO_PARTNER_TENANT = "PARTNER_TENANT_ID is not configured, so the MSP's exclusion cannot be planned.";

/** The target `action` has now. Refuses (RunRefusal) when what it needs is not set up. */
export async function currentTarget(prisma: PrismaClient, partnerTenantId: string | undefined, action: RemediationAction): Promise<FixTarget> {
  if (action === "exclude-service-provider") {
    if (!partnerTenantId) throw new RunRefusal("conflict", NO_PARTNER_TENANT);
    return { action, partnerTenantId: partnerTenantId.toLowerCase() };
  }
  if (action === "restore-before") {
    throw new RunRefusal(
      "conflict",
      "A rollback is made from the run it undoes: undo that run again from its page (only what is still as it left it is restored).",
    );
  }
  const settings = await readPartnerSettings(prisma);
  const account = chosenAccount(settings);
  if (!account) throw new RunRefusal("conflict", NO_ACCOUNT_CHOSEN);
  return {
    action,
    accountObjectId: account.id,
    accountUpn: account.upn,
    dedicatedPolicy: { dedicatedPolicyId: settings.dedicatedPolicyId, dedicatedPolicyName: settings.dedicatedPolicyName },
  };
}

/** Why a run's stored target no longer holds, in words, or null when it does. */
export async function targetProblem(prisma: PrismaClient, partnerTenantId: string | undefined, target: FixTarget): Promise<string | null> {
  if (target.action === "exclude-service-provider") {
    if (!partnerTenantId) return NO_PARTNER_TENANT;
    if (partnerTenantId.toLowerCase() !== target.partnerTenantId) {
      return `Not done: the MSP's tenant id is now ${partnerTenantId}, not the ${target.partnerTenantId} this run was previewed for; preview again.`;
    }
    return null;
  }
  if (target.action === "restore-before") {
    if (partnerTenantId && partnerTenantId.toLowerCase() !== target.partnerTenantId) {
      return `Not done: the MSP's tenant id is now ${partnerTenantId}, not the ${target.partnerTenantId} this rollback was previewed for; preview again.`;
    }
    return null;
  }
  const account = chosenAccount(await readPartnerSettings(prisma));
  if (!account) return `Not done: no service account is chosen any more (${NO_ACCOUNT_CHOSEN.toLowerCase()})`;
  if (account.id !== target.accountObjectId) {
    return `Not done: the service account is now ${account.upn}, not the ${target.accountUpn} this run was previewed for; preview again.`;
  }
  return null;
}
