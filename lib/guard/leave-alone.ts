// "Leave alone": a person marks a policy the guard's auto-fix must never touch (a customer's
// deliberate exception, a policy under review with the customer). People's own fixes still offer
// it (they see it in the preview and choose).
import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";

export const leaveAloneInput = z.strictObject({
  tenantId: z.uuid().transform((id) => id.toLowerCase()),
  policyId: z.string().min(1).max(200),
  reason: z.string().trim().min(1, "Say why, for the next person.").max(300, "At most 300 characters."),
});

export interface LeftAlone {
  policyId: string;
  reason: string;
  markedByUpn: string;
  markedAt: string;
}

export async function leftAloneIn(prisma: PrismaClient, tenantId: string): Promise<Map<string, LeftAlone>> {
  const rows = await prisma.policyLeaveAlone.findMany({ where: { tenantId } });
  return new Map(rows.map((r) => [r.policyId, { policyId: r.policyId, reason: r.reason, markedByUpn: r.markedByUpn, markedAt: r.markedAt.toISOString() }]));
}

export async function leaveAlone(prisma: PrismaClient, input: z.output<typeof leaveAloneInput>, by: { id: string; upn: string }): Promise<void> {
  await prisma.policyLeaveAlone.upsert({
    where: { tenantId_policyId: { tenantId: input.tenantId, policyId: input.policyId } },
    create: { ...input, markedById: by.id, markedByUpn: by.upn },
    update: { reason: input.reason, markedById: by.id, markedByUpn: by.upn, markedAt: new Date() },
  });
}

export async function stopLeavingAlone(prisma: PrismaClient, tenantId: string, policyId: string): Promise<boolean> {
  const { count } = await prisma.policyLeaveAlone.deleteMany({ where: { tenantId, policyId } });
  return count === 1;
}
