// Portal-wide settings (one row, id 1), changed by an admin in Settings.
import { z } from "zod";
import type { PrismaClient } from "../generated/client";

/** When a run needs a second person (lib/runs/approval.ts). */
export const approvalRules = z.strictObject({
  /** A run that writes to more tenants than this needs approval (0: every run). */
  aboveTenants: z.number().int().min(0, "At least 0.").max(100_000, "At most 100,000."),
  /** Every write to the partner tenant needs approval. */
  forPartner: z.boolean(),
  /** An approval not given within this many hours expires. */
  expiryHours: z.number().int().min(1, "At least 1 hour.").max(168, "At most 168 hours (a week)."),
  /** Seconds the approver waits, with the preview in front of them, before Approve is active. */
  delaySeconds: z.number().int().min(0, "At least 0 seconds.").max(600, "At most 600 seconds."),
});
export type ApprovalRules = z.infer<typeof approvalRules>;

export interface PortalSettingsView {
  /** Every confirmation must carry a ticket reference from the MSP's PSA. */
  ticketRequired: boolean;
  approval: ApprovalRules;
  updatedAt: string | null;
  updatedByUpn: string | null;
}

export async function readPortalSettings(prisma: PrismaClient): Promise<PortalSettingsView> {
  const row = await prisma.portalSettings.findUnique({ where: { id: 1 } });
  return {
    ticketRequired: row?.ticketRequired ?? false,
    // The defaults are the column defaults (prisma/schema.prisma), for a portal nobody configured yet.
    approval: {
      aboveTenants: row?.approvalAboveTenants ?? 5,
      forPartner: row?.approvalForPartner ?? true,
      expiryHours: row?.approvalExpiryHours ?? 24,
      delaySeconds: row?.approvalDelaySeconds ?? 0,
    },
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedByUpn: row?.updatedByUpn ?? null,
  };
}

export async function writePortalSettings(
  prisma: PrismaClient,
  change: { ticketRequired?: boolean; approval?: ApprovalRules },
  byUpn: string,
): Promise<PortalSettingsView> {
  const data = {
    ...(change.ticketRequired === undefined ? {} : { ticketRequired: change.ticketRequired }),
    ...(change.approval
      ? {
          approvalAboveTenants: change.approval.aboveTenants,
          approvalForPartner: change.approval.forPartner,
          approvalExpiryHours: change.approval.expiryHours,
          approvalDelaySeconds: change.approval.delaySeconds,
        }
      : {}),
  };
  await prisma.portalSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data, updatedByUpn: byUpn }, update: { ...data, updatedByUpn: byUpn } });
  return readPortalSettings(prisma);
}
