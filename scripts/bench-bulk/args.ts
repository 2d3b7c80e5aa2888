// `npm run bench:bulk -- --tenants 1000 [--policies-per-tenant N] [--time-scale 1] [--concurrency C] [--workers W] [--no-naive]`
// (pure, so bad flags are tested without starting anything).
import { fleetFlags, parseFlags, wholeNumber } from "../bench-flags";

export { BenchArgsError } from "../bench-flags";

export interface BenchArgs {
  tenants: number;
  policiesPerTenant: number | undefined;
  /** The local cloud's clock: 1 = Graph's real pace (1 CA request per second per tenant). */
  timeScale: number;
  /** Tenants fixed at once by each worker (WORKER_CONCURRENCY). */
  concurrency: number;
  /** Worker processes sharing the queue and the pace (`npm run worker`, started this many times). */
  workers: number;
  /** Also run the naive strategy on the same fleet for comparison. */
  naive: boolean;
}

export const BENCH_DEFAULTS: BenchArgs = { tenants: 1000, policiesPerTenant: undefined, timeScale: 1, concurrency: 300, workers: 1, naive: true };

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  return parseFlags(
    argv,
    BENCH_DEFAULTS,
    {
      ...fleetFlags(),
      "--policies-per-tenant": (out, value, flag) => (out.policiesPerTenant = wholeNumber(flag, value(), 1, 500)),
      "--workers": (out, value, flag) => (out.workers = wholeNumber(flag, value(), 1, 8)),
      "--no-naive": (out) => (out.naive = false),
    },
    "--tenants N, --policies-per-tenant N, --time-scale F, --concurrency C, --workers W, --no-naive",
  );
}
