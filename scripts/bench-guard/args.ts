// `npm run bench:guard -- --tenants 1000 [--interval 300] [--removals 50] [--time-scale 1] [--concurrency 200]`
// (pure, so bad flags are tested without starting anything).
export interface GuardBenchArgs {
  tenants: number;
  /** GUARD_SWEEP_INTERVAL_SECONDS of the worker (the portal's default: 300). */
  intervalSeconds: number;
  /** Tenants whose exclusion a customer's admin removes in the middle of the run. */
  removals: number;
  timeScale: number;
  concurrency: number;
}

export const GUARD_BENCH_DEFAULTS: GuardBenchArgs = { tenants: 1000, intervalSeconds: 300, removals: 50, timeScale: 1, concurrency: 200 };

export class GuardBenchArgsError extends Error {}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new GuardBenchArgsError(`${flag} needs a whole number, got ${raw === undefined ? "nothing" : `'${raw}'`}`);
  const n = Number(raw);
  if (n < min || n > max) throw new GuardBenchArgsError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseGuardBenchArgs(argv: readonly string[]): GuardBenchArgs {
  const out: GuardBenchArgs = { ...GUARD_BENCH_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--tenants":
        out.tenants = integer(flag, value(), 1, 10_000);
        break;
      case "--interval":
        out.intervalSeconds = integer(flag, value(), 5, 3600);
        break;
      case "--removals":
        out.removals = integer(flag, value(), 1, 1000);
        break;
      case "--concurrency":
        out.concurrency = integer(flag, value(), 1, 500);
        break;
      case "--time-scale": {
        const raw = value();
        const n = Number(raw);
        if (raw === undefined || !/^\d*\.?\d+$/.test(raw) || !(n > 0) || n > 10)
          throw new GuardBenchArgsError(`--time-scale needs a number above 0 and at most 10, got '${raw ?? ""}'`);
        out.timeScale = n;
        break;
      }
      default:
        throw new GuardBenchArgsError(`unknown flag '${arg}' (flags: --tenants N, --interval S, --removals K, --time-scale F, --concurrency C)`);
    }
  }
  if (out.removals > out.tenants) throw new GuardBenchArgsError(`--removals (${out.removals}) cannot exceed --tenants (${out.tenants})`);
  return out;
}
