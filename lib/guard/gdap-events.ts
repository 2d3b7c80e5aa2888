// GDAP events from what the sync of customers already reads (the partner's relationships, one
// request per sync or sweep, not per tenant): a relationship ending within 30 days, one that ended
// (no relationship gives access any more), and a new customer. Pure.
import { EVENT_TYPES, type EventType } from "./event-types";

export const GDAP_WARN_DAYS = 30;
const DAY_MS = 86_400_000;
// Only active and expiring relationships give access (Graph docs, delegatedAdminRelationship status).
const GIVES_ACCESS = new Set(["active", "expiring"]);

export interface CustomerGdapState {
  tenantId: string;
  displayName: string;
  /** The best relationship's status; "none" once the customer has no relationship left. */
  gdapStatus: string | null;
  gdapEndsAt: Date | null;
}

export interface GdapEvent {
  type: EventType;
  tenantId: string;
  summary: string;
  detail: Record<string, unknown>;
}

/**
 * `before`: the customers the portal knew (empty on the first read: a baseline, no "new customer");
 * `warned`: `${tenantId}|${endsAt ISO}` for every "ending" event already recorded, so each end date warns once.
 */
export function gdapEvents(before: readonly CustomerGdapState[], after: readonly CustomerGdapState[], now: Date, warned: ReadonlySet<string>): GdapEvent[] {
  const known = new Map(before.map((c) => [c.tenantId, c]));
  const events: GdapEvent[] = [];
  for (const c of after) {
    const previous = known.get(c.tenantId);
    if (!previous && before.length > 0) {
      events.push({
        type: EVENT_TYPES.newCustomer,
        tenantId: c.tenantId,
        summary: `${c.displayName} is a new customer (GDAP ${c.gdapStatus ?? "unknown"}).`,
        detail: { status: c.gdapStatus, endsAt: c.gdapEndsAt?.toISOString() ?? null },
      });
    }
    const hadAccess = previous ? GIVES_ACCESS.has(previous.gdapStatus ?? "") : false;
    const hasAccess = GIVES_ACCESS.has(c.gdapStatus ?? "");
    if (hadAccess && !hasAccess) {
      events.push({
        type: EVENT_TYPES.gdapEnded,
        tenantId: c.tenantId,
        summary: `The GDAP relationship with ${c.displayName} ended (${c.gdapStatus ?? "none"}): the MSP's technicians and the portal lose delegated access.`,
        detail: { from: previous?.gdapStatus ?? null, to: c.gdapStatus },
      });
    }
    if (hasAccess && c.gdapEndsAt) {
      const left = c.gdapEndsAt.getTime() - now.getTime();
      const key = `${c.tenantId}|${c.gdapEndsAt.toISOString()}`;
      if (left <= GDAP_WARN_DAYS * DAY_MS && !warned.has(key)) {
        const days = Math.max(0, Math.floor(left / DAY_MS));
        events.push({
          type: EVENT_TYPES.gdapEnding,
          tenantId: c.tenantId,
          summary: `The GDAP relationship with ${c.displayName} ends in ${days} day${days === 1 ? "" : "s"} (${c.gdapEndsAt.toISOString().slice(0, 10)}).`,
          detail: { endsAt: c.gdapEndsAt.toISOString(), days },
        });
      }
    }
  }
  return events;
}
