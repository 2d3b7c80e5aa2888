// The comparison the benchmark prints: what a browser-loop tool does. Each tenant's policies are
// listed and every one needing the exclusion is patched back to back, with no pacing and 3 quick
// retries (the GraphSettings given carry that retry policy and an unlimited pacer).
import { planServiceProviderExclusion } from "@/lib/ca";
import { GraphFailure, type TenantGraph } from "@/lib/graph";

export interface StrategyOutcome {
  wallMs: number;
  tenantsFixed: number;
  /** Failed tenants by the reason's problem (e.g. throttled: 120). */
  tenantsFailed: Record<string, number>;
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

export function failureKind(error: unknown): string {
  return error instanceof GraphFailure ? error.problem : "error";
}

export async function runNaive(
  tenantIds: readonly string[],
  partnerTenantId: string,
  open: (tenantId: string) => Promise<TenantGraph>,
  concurrency: number,
): Promise<StrategyOutcome> {
  const started = performance.now();
  const failed: Record<string, number> = {};
  let fixed = 0;
  await inPool(tenantIds, concurrency, async (tenantId) => {
    try {
      const graph = await open(tenantId);
      for (const policy of await graph.listPolicies()) {
        const plan = planServiceProviderExclusion(policy, partnerTenantId);
        if (plan.outcome === "patch" && plan.body) await graph.patchPolicy(policy.id, plan.body);
      }
      fixed += 1;
    } catch (error) {
      const kind = failureKind(error);
      failed[kind] = (failed[kind] ?? 0) + 1;
    }
  });
  return { wallMs: performance.now() - started, tenantsFixed: fixed, tenantsFailed: failed };
}
