// Benchmarks: `npm run bench` runs every bench in `registry`, `npm run bench -- ca` runs one. Each
// prints its figure against its target; none fails the process, because timings depend on the machine
// (tests never assert on them).
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { planServiceProviderExclusion } from "@/lib/ca";

interface BenchResult {
  /** One line for the console. */
  summary: string;
  withinTarget: boolean;
}

type Bench = () => Promise<BenchResult>;

const WARM_UP_RUNS = 10;
const TIMED_RUNS = 21;

/** Median wall time of `runs` calls of `work`, after `warmUps` untimed calls (JIT, caches). */
function medianMs(work: () => void, warmUps = WARM_UP_RUNS, runs = TIMED_RUNS): number {
  for (let i = 0; i < warmUps; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function benchCaPlanning(): Promise<BenchResult> {
  const dir = fileURLToPath(new URL("../vendor/ca-corpus/policies/", import.meta.url));
  const policies = readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(`${dir}${file}`, "utf8")) as unknown);
  const partnerTenantId = "5f1c0a2e-7d43-4b8e-9a61-3c2d9e8f7a10";
  const targetMs = 50;
  // Planning starts from the raw JSON, as it will after a Graph read, so reading is part of the cost.
  const ms = medianMs(() => {
    for (const policy of policies) planServiceProviderExclusion(policy, partnerTenantId);
  });
  const withinTarget = ms < targetMs;
  return {
    withinTarget,
    summary: `ca: planned ${policies.length} corpus policies (read + plan from raw JSON) in ${ms.toFixed(2)} ms, median of ${TIMED_RUNS} runs after ${WARM_UP_RUNS} warm-up runs; target < ${targetMs} ms: ${withinTarget ? "OK" : "OVER TARGET"}`,
  };
}

/** name -> bench; add new benches here. */
const registry: Record<string, Bench> = {
  ca: benchCaPlanning,
};

async function main(argv: readonly string[]): Promise<number> {
  const names = argv.length > 0 ? argv : Object.keys(registry);
  const unknown = names.filter((name) => !Object.hasOwn(registry, name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown bench ${unknown.map((n) => JSON.stringify(n)).join(", ")}; known: ${Object.keys(registry).join(", ")}\n`);
    return 2;
  }
  for (const name of names) {
    const bench = registry[name];
    if (!bench) continue;
    const result = await bench();
    process.stdout.write(`${result.summary}\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
