// Portal-wide settings (one row, id 1), changed by an admin in Settings.
import type { PrismaClient } from "../generated/client";

export interface PortalSettingsView {
  /** Every confirmation must carry a ticket reference from the MSP's PSA. */
  ticketRequired: boolean;
  updatedAt: string | null;
  updatedByUpn: string | null;
}

export async function readPortalSettings(prisma: PrismaClient): Promise<PortalSettingsView> {
  const row = await prisma.portalSettings.findUnique({ where: { id: 1 } });
  return { ticketRequired: row?.ticketRequired ?? false, updatedAt: row?.updatedAt.toISOString() ?? null, updatedByUpn: row?.updatedByUpn ?? null };
}

export async function writePortalSettings(prisma: PrismaClient, change: { ticketRequired: boolean }, byUpn: string): Promise<PortalSettingsView> {
  await prisma.portalSettings.upsert({ where: { id: 1 }, create: { id: 1, ...change, updatedByUpn: byUpn }, update: { ...change, updatedByUpn: byUpn } });
  return readPortalSettings(prisma);
}
