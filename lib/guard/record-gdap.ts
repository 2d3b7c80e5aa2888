// Records GDAP events after the customer list was refreshed from the partner's relationships
// (lib/sync/sync.ts syncCustomers, run by "Sync all" and by every sweep).
import type { Prisma, PrismaClient } from "../db/generated/client";
import { EVENT_TYPES, type Observation } from "./event-types";
import { gdapEvents } from "./gdap-events";
import { inChunks } from "../db/in-chunks";

interface CustomerRow {
  id: string;
  displayName: string;
  gdapStatus: string | null;
  gdapEndsAt: Date | null;
}

/** `before`: the customers as they were before the refresh. Returns how many events were recorded. */
export async function recordGdapEvents(prisma: PrismaClient, before: readonly CustomerRow[], observation: Observation, now: Date): Promise<number> {
  const after = await prisma.customerTenant.findMany({ select: { id: true, displayName: true, gdapStatus: true, gdapEndsAt: true } });
  const warnedRows = await prisma.guardEvent.findMany({ where: { type: EVENT_TYPES.gdapEnding }, select: { tenantId: true, detail: true } });
  const warned = new Set(warnedRows.map((r) => `${r.tenantId}|${String((r.detail as { endsAt?: unknown } | null)?.endsAt)}`));
  const state = (c: CustomerRow) => ({ tenantId: c.id, displayName: c.displayName, gdapStatus: c.gdapStatus, gdapEndsAt: c.gdapEndsAt });
  const events = gdapEvents(before.map(state), after.map(state), now, warned);
  if (events.length === 0) return 0;
  const rows = events.map((e) => ({
    type: e.type,
    tenantId: e.tenantId,
    properties: [],
    summary: e.summary,
    detail: e.detail as Prisma.InputJsonValue,
    detectedAt: now,
    seenBy: observation.seenBy,
    sweepId: observation.sweepId ?? null,
  }));
  // In statements of 1,000 rows: a first read of 10,000 customers must not be one INSERT built in the worker's heap.
  await inChunks(rows, (chunk) => prisma.guardEvent.createMany({ data: chunk }));
  return events.length;
}
