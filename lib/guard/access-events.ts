// "Access newly blocked": a read of a customer tenant (a sync or a sweep) finds that its Conditional
// Access now blocks the MSP's GDAP sign-in (Entra's AADSTS53003, lib/graph/errors.ts), where the
// last read got in. That is the lock-out the portal exists to prevent, so it is an event of its own,
// alerted like the rest. The first read of a tenant is a baseline (nothing "became" blocked).
import type { PrismaClient } from "../db/generated/client";
import { EVENT_TYPES, type Observation } from "./event-types";

export const BLOCKED_BY_CA = "blocked-by-ca";

/** The event's sentence, or null when nothing newly blocks the sign-in. Pure. */
export function accessBlockedSummary(before: string | null, after: string, tenantName: string, reason: string | null): string | null {
  if (after !== BLOCKED_BY_CA || before === null || before === BLOCKED_BY_CA) return null;
  return `The MSP's GDAP sign-in into ${tenantName} is now blocked by its Conditional Access${reason ? `: ${reason}` : "."}`;
}

export async function recordAccessEvent(
  prisma: PrismaClient,
  tenant: { id: string; displayName: string; accessHealth: string | null },
  after: { accessHealth: string; accessReason: string | null },
  observation: Observation,
  now: Date,
): Promise<boolean> {
  const summary = accessBlockedSummary(tenant.accessHealth, after.accessHealth, tenant.displayName, after.accessReason);
  if (summary === null) return false;
  await prisma.guardEvent.create({
    data: {
      type: EVENT_TYPES.accessBlocked,
      tenantId: tenant.id,
      properties: [],
      summary,
      detail: { before: tenant.accessHealth, reason: after.accessReason },
      detectedAt: now,
      seenBy: observation.seenBy,
      sweepId: observation.sweepId ?? null,
      runId: observation.runId ?? null,
    },
  });
  return true;
}
