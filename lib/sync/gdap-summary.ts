// One line per customer from all of the partner's GDAP relationships with it. A customer can have
// several (an old expired one and a new active one); what counts is the best standing one.
import type { GdapRelationship } from "../graph/partner-graph-contract";

export interface CustomerGdap {
  tenantId: string;
  displayName: string;
  /** The most useful status among the relationships (active beats expiring beats pending…). */
  status: string;
  /** Roles granted by relationships that give access now (active or expiring). */
  roleIds: string[];
  /** When the access those relationships give ends (the latest of them), or null. */
  endsAt: string | null;
}

// Only active and expiring relationships give access (Graph docs, delegatedAdminRelationship).
export const GIVES_ACCESS: ReadonlySet<string> = new Set(["active", "expiring"]);
const RANK = ["active", "expiring", "activating", "approved", "approvalPending", "created", "terminationRequested", "terminating", "expired", "terminated"];
const rank = (status: string) => {
  const i = RANK.indexOf(status);
  return i === -1 ? RANK.length : i;
};

export function summarizeGdap(relationships: GdapRelationship[]): CustomerGdap[] {
  const byCustomer = new Map<string, GdapRelationship[]>();
  for (const r of relationships) byCustomer.set(r.customerTenantId.toLowerCase(), [...(byCustomer.get(r.customerTenantId.toLowerCase()) ?? []), r]);
  return [...byCustomer.entries()].map(([tenantId, rels]) => {
    const best = [...rels].sort((a, b) => rank(a.status) - rank(b.status))[0]!;
    const live = rels.filter((r) => GIVES_ACCESS.has(r.status));
    const ends = live
      .map((r) => r.endDateTime)
      .filter((d): d is string => !!d)
      .sort();
    return {
      tenantId,
      displayName: best.customerDisplayName || best.displayName,
      status: best.status,
      roleIds: [...new Set(live.flatMap((r) => r.roleIds))].sort(),
      endsAt: ends.at(-1) ?? null,
    };
  });
}

/** "expires in 12 days" when access ends within `warnDays`, else null. */
export function expiryWarning(endsAt: Date | null, now: Date, warnDays = 30): string | null {
  if (!endsAt) return null;
  const ms = endsAt.getTime() - now.getTime();
  if (ms <= 0) return "expired";
  if (ms < 86_400_000) return "expires within a day";
  const days = Math.floor(ms / 86_400_000);
  if (days > warnDays) return null;
  return `expires in ${days} day${days === 1 ? "" : "s"}`;
}

/**
 * Graph's autoExtendDuration in words: PT0S (or P0D) means the relationship ends at its end date;
 * otherwise it extends by that duration (Graph allows PT0S, P0D and P180D: docs/graph-contract.md, delegatedAdminRelationship).
 */
export function renewalOf(duration: string | null): string | null {
  if (duration === null) return null;
  const days = /^P(\d+)D$/.exec(duration);
  if (duration === "PT0S" || days?.[1] === "0") return "does not renew";
  return days ? `renews by ${days[1]} days` : `renews by ${duration}`;
}
