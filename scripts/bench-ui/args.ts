// `npm run bench:ui -- --tenants 10000 [--synced 200] [--loads 20] [--browser-loads 5] [--time-scale 0.05] [--profile FILE]`
// (pure, so bad flags are tested without starting anything).
import { filePath, parseFlags, timeScale, wholeNumber } from "../bench-flags";

export { BenchArgsError } from "../bench-flags";

export interface UiBenchArgs {
  tenants: number;
  /** Tenants the local cloud holds and the worker really syncs; the rest of --tenants are copies of them (bench-ui/fill.ts). */
  synced: number;
  /** Timed loads of the /tenants HTML and of the page API (after two untimed ones). */
  loads: number;
  /** Timed browser navigations to /tenants (from navigation to the first grid rows visible). */
  browserLoads: number;
  /** The local cloud's clock for the sync before the measure: Graph's pace does not matter to what is measured. */
  timeScale: number;
  /** Where to write a Chrome CPU profile of one more load, from navigation to rows (open it in DevTools); null for none. */
  profile: string | null;
}

export const UI_BENCH_DEFAULTS: UiBenchArgs = { tenants: 10_000, synced: 200, loads: 20, browserLoads: 5, timeScale: 0.05, profile: null };

export function parseUiBenchArgs(argv: readonly string[]): UiBenchArgs {
  const out = parseFlags(
    argv,
    UI_BENCH_DEFAULTS,
    {
      "--tenants": (out, value, flag) => (out.tenants = wholeNumber(flag, value(), 1, 10_000)),
      "--synced": (out, value, flag) => (out.synced = wholeNumber(flag, value(), 1, 10_000)),
      "--loads": (out, value, flag) => (out.loads = wholeNumber(flag, value(), 1, 500)),
      "--browser-loads": (out, value, flag) => (out.browserLoads = wholeNumber(flag, value(), 1, 100)),
      "--time-scale": (out, value, flag) => (out.timeScale = timeScale(flag, value())),
      "--profile": (out, value, flag) => (out.profile = filePath(flag, value())),
    },
    "--tenants N, --synced S, --loads L, --browser-loads B, --time-scale F, --profile FILE",
  );
  return { ...out, synced: Math.min(out.synced, out.tenants) };
}
