// The PartnerSettings row (id 1) as lib/partner needs it.
import "server-only";
import type { PartnerSettings, PrismaClient } from "../db/generated/client";
import { DEFAULT_SERVICE_ACCOUNT_POLICY_NAME } from "../ca";
import { PartnerError } from "./context";

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

/** The chosen service account, or a refusal saying it has to be chosen first. */
export function requireAccount(row: PartnerSettingsRow): ChosenAccount {
  if (!row.serviceAccountId) throw new PartnerError("conflict", "Choose the automation service account first.");
  return { id: row.serviceAccountId, upn: row.serviceAccountUpn ?? row.serviceAccountId };
}
