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
  const above: string[] = [];
  for (const [tenantId, list] of byTenant) {
    if (!busiest || list.length > busiest.caRequests) busiest = { tenantId, caRequests: list.length };
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
  };
}
