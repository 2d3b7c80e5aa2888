// `npm run bench:proof -- --tenants 1000 [--time-scale 1] [--concurrency 200]`
// (pure, so bad flags are tested without starting anything).
import { fleetFlags, parseFlags } from "../bench-flags";

export { BenchArgsError } from "../bench-flags";

export interface ProofBenchArgs {
  tenants: number;
  /** The local cloud's clock: 1 = Graph's real pace (1 CA request per second per tenant). */
  timeScale: number;
  /** WORKER_CONCURRENCY of the worker (proofs, like every read, run at most 50 tenants at once). */
  concurrency: number;
}

export const PROOF_BENCH_DEFAULTS: ProofBenchArgs = { tenants: 1000, timeScale: 1, concurrency: 200 };

export function parseProofBenchArgs(argv: readonly string[]): ProofBenchArgs {
  return parseFlags(argv, PROOF_BENCH_DEFAULTS, fleetFlags<ProofBenchArgs>(), "--tenants N, --time-scale F, --concurrency C");
}
