// `npm run bench:bulk -- --tenants 1000 [--policies-per-tenant N] [--time-scale 1] [--concurrency C] [--no-naive]`
// (pure, so bad flags are tested without starting anything).

export interface BenchArgs {
  tenants: number;
  policiesPerTenant: number | undefined;
  /** The local cloud's clock: 1 = Graph's real pace (1 CA request per second per tenant). */
  timeScale: number;
  /** Tenants fixed at once by the worker (WORKER_CONCURRENCY). */
  concurrency: number;
  /** Also run the naive strategy on the same fleet for comparison. */
  naive: boolean;
}

export const BENCH_DEFAULTS: BenchArgs = { tenants: 1000, policiesPerTenant: undefined, timeScale: 1, concurrency: 200, naive: true };

export class BenchArgsError extends Error {}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new BenchArgsError(`${flag} needs a whole number, got ${raw === undefined ? "nothing" : `'${raw}'`}`);
  const n = Number(raw);
  if (n < min || n > max) throw new BenchArgsError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { ...BENCH_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--tenants":
        out.tenants = integer(flag, value(), 1, 5000);
        break;
      case "--policies-per-tenant":
        out.policiesPerTenant = integer(flag, value(), 1, 500);
        break;
      case "--concurrency":
        out.concurrency = integer(flag, value(), 1, 500);
        break;
      case "--time-scale": {
        const raw = value();
        const n = Number(raw);
        if (raw === undefined || !/^\d*\.?\d+$/.test(raw) || !(n > 0) || n > 10)
          throw new BenchArgsError(`--time-scale needs a number above 0 and at most 10, got '${raw ?? ""}'`);
        out.timeScale = n;
        break;
      }
      case "--no-naive":
        out.naive = false;
        break;
      default:
        throw new BenchArgsError(`unknown flag '${arg}' (flags: --tenants N, --policies-per-tenant N, --time-scale F, --concurrency C, --no-naive)`);
    }
  }
  return out;
}
