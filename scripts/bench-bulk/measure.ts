// The bulk benchmark's figures from the local cloud's request log (pure): what Graph saw is the
// honest measure of pacing, whatever the engine believes it sent.

export interface LoggedRequest {
  timestamp: string;
  method: string;
  path: string;
  tenantId: string | null;
  status: number;
}

const CA_PATH = /^\/(identity\/conditionalaccess|policies\/conditionalaccesspolicies)(\/|$)/i;

export function isConditionalAccess(entry: Pick<LoggedRequest, "path">): boolean {
  return CA_PATH.test(entry.path);
}

export interface PacingFigures {
  caRequests: number;
  throttled: number;
  /** 429s as a share of CA requests (0..1). */
  throttledShare: number;
  busiestTenant: { tenantId: string; caRequests: number } | null;
  /** Graph's limit for the busiest tenant: its CA requests at 1 per second (scaled), in real milliseconds. */
  pacingLimitMs: number;
  /** Tenants whose CA requests ever came closer together than the limit allows, counted at Graph (answered, not 429). */
  tenantsAbovePace: string[];
  /** The most CA requests (answered or 429) one tenant sent within any window of one Graph second, and which tenant. */
  mostInOneSecond: { tenantId: string; requests: number } | null;
}

/**
 * `secondMs` is one Graph second in real milliseconds (1000 × the local cloud's time scale).
 * A tenant is above its pace when two of its accepted CA requests arrived less than `secondMs`
 * apart, with `toleranceMs` for the clock's resolution.
 */
export function pacingFigures(entries: readonly LoggedRequest[], secondMs: number, toleranceMs = 0): PacingFigures {
  const ca = entries.filter(isConditionalAccess);
  const byTenant = new Map<string, LoggedRequest[]>();
  for (const e of ca) {
    if (!e.tenantId) continue;
    const list = byTenant.get(e.tenantId) ?? [];
    list.push(e);
    byTenant.set(e.tenantId, list);
  }
  let busiest: PacingFigures["busiestTenant"] = null;
  let most: PacingFigures["mostInOneSecond"] = null;
  const above: string[] = [];
  for (const [tenantId, list] of byTenant) {
    if (!busiest || list.length > busiest.caRequests) busiest = { tenantId, caRequests: list.length };
    const inWindow = mostWithin(
      list.map((e) => Date.parse(e.timestamp)),
      secondMs - toleranceMs,
    );
    if (!most || inWindow > most.requests) most = { tenantId, requests: inWindow };
    const accepted = list
      .filter((e) => e.status !== 429)
      .map((e) => Date.parse(e.timestamp))
      .sort((a, b) => a - b);
    for (let i = 1; i < accepted.length; i++) {
      if ((accepted[i] as number) - (accepted[i - 1] as number) < secondMs - toleranceMs) {
        above.push(tenantId);
        break;
      }
    }
  }
  const throttled = ca.filter((e) => e.status === 429).length;
  return {
    caRequests: ca.length,
    throttled,
    throttledShare: ca.length === 0 ? 0 : throttled / ca.length,
    busiestTenant: busiest,
    pacingLimitMs: (busiest?.caRequests ?? 0) * secondMs,
    tenantsAbovePace: above.sort(),
    mostInOneSecond: most,
  };
}

/** The most timestamps within any half-open window [t, t + windowMs). */
function mostWithin(times: number[], windowMs: number): number {
  const sorted = times.sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** A request's kind: its method and path with ids replaced by `{id}` (e.g. `PATCH /identity/conditionalAccess/policies/{id}`). */
export function requestKind(entry: Pick<LoggedRequest, "method" | "path">): string {
  const path = entry.path
    .split("/")
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ? "{id}" : segment))
    .join("/");
  return `${entry.method} ${path}`;
}

/** How many requests of each kind, the most first (ties by kind). */
export function requestsByKind(entries: readonly Pick<LoggedRequest, "method" | "path">[]): { kind: string; requests: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(requestKind(e), (counts.get(requestKind(e)) ?? 0) + 1);
  return [...counts].map(([kind, requests]) => ({ kind, requests })).sort((a, b) => b.requests - a.requests || a.kind.localeCompare(b.kind));
}
