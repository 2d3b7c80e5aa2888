// The proof bench's figures (pure): why tenants could not be checked, and Graph's What If requests
// as the local cloud's request log saw them.
import type { LoggedRequest } from "../bench-bulk/measure";

/** A proof's error grouped by its first sentence (the rest names the tenant and Microsoft's words). */
export function errorClass(error: string): string {
  return /^.*?[.!?](?=\s|$)/.exec(error)?.[0] ?? error;
}

export interface EvaluateFigures {
  requests: number;
  throttled: number;
  tenants: number;
  perTenant: { min: number; mean: number; max: number };
}

const EVALUATE = /^\/identity\/conditionalaccess\/evaluate$/i;

export function evaluateFigures(entries: readonly LoggedRequest[]): EvaluateFigures {
  const evaluate = entries.filter((e) => e.method === "POST" && EVALUATE.test(e.path) && e.tenantId);
  const byTenant = new Map<string, number>();
  for (const e of evaluate) byTenant.set(e.tenantId!, (byTenant.get(e.tenantId!) ?? 0) + 1);
  const counts = [...byTenant.values()];
  return {
    requests: evaluate.length,
    throttled: evaluate.filter((e) => e.status === 429).length,
    tenants: byTenant.size,
    perTenant: {
      min: counts.length ? Math.min(...counts) : 0,
      mean: counts.length ? evaluate.length / counts.length : 0,
      max: counts.length ? Math.max(...counts) : 0,
    },
  };
}
