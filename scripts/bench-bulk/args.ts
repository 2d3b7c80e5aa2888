// `npm run bench:bulk -- --tenants 1000 [--policies-per-tenant N] [--time-scale 1] [--concurrency C] [--workers W] [--no-naive]`
// (pure but for the default number of workers, one per core, so bad flags are tested without starting anything).
import { availableParallelism } from "node:os";
import { fleetFlags, parseFlags, wholeNumber } from "../bench-flags";

export { BenchArgsError } from "../bench-flags";

export interface BenchArgs {
  tenants: number;
  policiesPerTenant: number | undefined;
  /** The local cloud's clock: 1 = Graph's real pace (1 CA request per second per tenant). */
  timeScale: number;
  /** Tenants fixed at once by each worker (WORKER_CONCURRENCY). */
  concurrency: number;
  /** Worker processes sharing the queue and the pace (`npm run worker`, started this many times); one per core by default. */
  workers: number;
  /** Also run the naive strategy on the same fleet for comparison. */
  naive: boolean;
}

/** Most worker processes the bench starts. */
export const MOST_WORKERS = 8;

/**
 * One worker per core, as the README's production section advises: a worker is one Node process,
 * whose JavaScript runs on one core (at 10,000 tenants one worker kept its core busy while the
 * machine's second core had room).
 */
export function workersFor(cores: number): number {
  return Math.min(Math.max(Math.floor(cores), 1), MOST_WORKERS);
}

export const BENCH_DEFAULTS: BenchArgs = {
  tenants: 1000,
  policiesPerTenant: undefined,
  timeScale: 1,
  concurrency: 300,
  workers: workersFor(availableParallelism()),
  naive: true,
};

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  return parseFlags(
    argv,
    BENCH_DEFAULTS,
    {
      ...fleetFlags(),
      "--policies-per-tenant": (out, value, flag) => (out.policiesPerTenant = wholeNumber(flag, value(), 1, 500)),
      "--workers": (out, value, flag) => (out.workers = wholeNumber(flag, value(), 1, MOST_WORKERS)),
      "--no-naive": (out) => (out.naive = false),
    },
    "--tenants N, --policies-per-tenant N, --time-scale F, --concurrency C, --workers W, --no-naive",
  );
}
