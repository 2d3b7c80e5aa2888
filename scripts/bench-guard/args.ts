// `npm run bench:guard -- --tenants 1000 [--interval 300] [--removals 50] [--time-scale 1] [--concurrency 200]`
// (pure, so bad flags are tested without starting anything).
import { BenchArgsError, fleetFlags, parseFlags, wholeNumber } from "../bench-flags";

export { BenchArgsError } from "../bench-flags";

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

export function parseGuardBenchArgs(argv: readonly string[]): GuardBenchArgs {
  const out = parseFlags(
    argv,
    GUARD_BENCH_DEFAULTS,
    {
      ...fleetFlags(),
      "--interval": (out, value, flag) => (out.intervalSeconds = wholeNumber(flag, value(), 5, 3600)),
      "--removals": (out, value, flag) => (out.removals = wholeNumber(flag, value(), 1, 1000)),
    },
    "--tenants N, --interval S, --removals K, --time-scale F, --concurrency C",
  );
  if (out.removals > out.tenants) throw new BenchArgsError(`--removals (${out.removals}) cannot exceed --tenants (${out.tenants})`);
  return out;
}
