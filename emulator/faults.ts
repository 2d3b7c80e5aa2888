// Injectable faults (docs/graph-contract.md §10), global or per tenant: a 5xx rate, added latency, a 429 storm
// on Conditional Access requests, and v1.0 refusing everyTime sign-in frequency for all apps.
// Randomness comes from a seeded PRNG; durations are scaled by the time scale.
import { Prng } from "./fleet/prng";

export interface TenantFaults {
  errorRate?: number; // 0..1, share of Graph requests answered 503
  latencyMs?: number; // added before answering (scaled)
  stormUntil?: number; // clock value until which every CA request is 429
  v1RefusesEveryTimeForAllApps?: boolean;
}

export interface EffectiveFaults {
  errorRate: number;
  latencyMs: number;
  storming: boolean;
  v1RefusesEveryTimeForAllApps: boolean;
}

export class Faults {
  global: TenantFaults = {};
  readonly perTenant = new Map<string, TenantFaults>();
  private prng: Prng;

  constructor(
    private readonly seed: number,
    readonly timeScale: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.prng = new Prng(`${seed}:faults`);
  }

  set(tenantId: string | undefined, change: { errorRate?: number; latencyMs?: number; storm429Seconds?: number; v1RefusesEveryTimeForAllApps?: boolean }) {
    const target: TenantFaults = tenantId ? (this.perTenant.get(tenantId) ?? {}) : this.global;
    if (change.errorRate !== undefined) target.errorRate = change.errorRate;
    if (change.latencyMs !== undefined) target.latencyMs = change.latencyMs;
    if (change.storm429Seconds !== undefined) target.stormUntil = this.clock() + change.storm429Seconds * 1000 * this.timeScale;
    if (change.v1RefusesEveryTimeForAllApps !== undefined) target.v1RefusesEveryTimeForAllApps = change.v1RefusesEveryTimeForAllApps;
    if (tenantId) this.perTenant.set(tenantId, target);
  }

  effective(tenantId: string | undefined): EffectiveFaults {
    const t = (tenantId && this.perTenant.get(tenantId)) || {};
    const now = this.clock();
    return {
      errorRate: t.errorRate ?? this.global.errorRate ?? 0,
      latencyMs: (t.latencyMs ?? this.global.latencyMs ?? 0) * this.timeScale,
      storming: (t.stormUntil ?? 0) > now || (this.global.stormUntil ?? 0) > now,
      v1RefusesEveryTimeForAllApps: t.v1RefusesEveryTimeForAllApps ?? this.global.v1RefusesEveryTimeForAllApps ?? false,
    };
  }

  /** Draws whether this request fails with a 5xx. */
  fails(rate: number): boolean {
    return rate > 0 && this.prng.next() < rate;
  }

  clear(tenantId?: string) {
    if (tenantId) {
      this.perTenant.delete(tenantId);
      return;
    }
    this.global = {};
    this.perTenant.clear();
    this.prng = new Prng(`${this.seed}:faults`);
  }

  describe(): Record<string, unknown> {
    const now = this.clock();
    const show = (f: TenantFaults) => ({
      errorRate: f.errorRate ?? null,
      latencyMs: f.latencyMs ?? null,
      storm429RemainingSeconds: f.stormUntil && f.stormUntil > now ? (f.stormUntil - now) / 1000 / this.timeScale : 0,
      v1RefusesEveryTimeForAllApps: f.v1RefusesEveryTimeForAllApps ?? null,
    });
    return { global: show(this.global), tenants: Object.fromEntries([...this.perTenant].map(([k, v]) => [k, show(v)])) };
  }
}
