// The PartnerSettings row (id 1): the partner tenant's service account and its dedicated policy,
// as lib/partner and lib/runs (a run's target) read it.
import type { PartnerSettings, PrismaClient } from "../generated/client";
import { DEFAULT_SERVICE_ACCOUNT_POLICY_NAME } from "../../ca";

export type PartnerSettingsRow = Pick<
  PartnerSettings,
  "serviceAccountId" | "serviceAccountUpn" | "dedicatedPolicyName" | "dedicatedPolicyId" | "trustedIpsRemovedAttestedAt" | "trustedIpsRemovedAttestedByUpn"
>;

const EMPTY: PartnerSettingsRow = {
  serviceAccountId: null,
  serviceAccountUpn: null,
  dedicatedPolicyName: DEFAULT_SERVICE_ACCOUNT_POLICY_NAME,
  dedicatedPolicyId: null,
  trustedIpsRemovedAttestedAt: null,
  trustedIpsRemovedAttestedByUpn: null,
};

export async function readPartnerSettings(prisma: PrismaClient): Promise<PartnerSettingsRow> {
  const row = await prisma.partnerSettings.findUnique({ where: { id: 1 } });
  return row ?? EMPTY;
}

export interface ChosenAccount {
  id: string;
  upn: string;
}

/** The chosen service account, or null when none is chosen yet. */
export function chosenAccount(row: PartnerSettingsRow): ChosenAccount | null {
  return row.serviceAccountId ? { id: row.serviceAccountId, upn: row.serviceAccountUpn ?? row.serviceAccountId } : null;
}

export const NO_ACCOUNT_CHOSEN = "Choose the automation service account first.";
