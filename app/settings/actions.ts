"use server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { writePortalSettings } from "@/lib/db/queries/portal-settings";
import { disconnect } from "@/lib/graph";

export const disconnectAutomationAccount = action(
  // The automation account reaches every customer: disconnecting it needs a fresh sign-in, as connecting does.
  { name: "partner-disconnect", role: "admin", input: z.strictObject({}), freshSignIn: true },
  async (_input, { user, prisma, ip }) => {
    await disconnect(user.upn);
    await recordAudit(prisma, { action: "partner-disconnect", result: "success", actor: user, ip });
    return { disconnected: true };
  },
);

/** Whether every confirmation must carry a ticket reference from the MSP's PSA (shown in history, CSVs and alerts). */
export const setTicketRequired = action(
  { name: "settings-ticket-required", role: "admin", input: z.strictObject({ required: z.boolean() }) },
  async ({ required }, { user, prisma, ip }) => {
    const settings = await writePortalSettings(prisma, { ticketRequired: required }, user.upn);
    await recordAudit(prisma, { action: "settings-ticket-required", result: "success", actor: user, ip, detail: { required: String(required) } });
    return settings;
  },
);
