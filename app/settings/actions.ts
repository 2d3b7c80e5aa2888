"use server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { disconnect } from "@/lib/graph";

export const disconnectAutomationAccount = action(
  { name: "partner-disconnect", role: "admin", input: z.strictObject({}) },
  async (_input, { user, prisma, ip }) => {
    await disconnect(user.upn);
    await recordAudit(prisma, { action: "partner-disconnect", result: "success", actor: user, ip });
    return { disconnected: true };
  },
);
