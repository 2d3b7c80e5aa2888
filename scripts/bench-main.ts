// What every bench over the portal's own stack does around its measurement (bench:bulk, bench:guard,
// bench:proof): read its flags (a bad one stops it with a sentence, exit 2, before a fleet starts),
// start the stack, remove it on Ctrl-C or at the end, and say its lines under its name.
import { BenchArgsError } from "./bench-flags";
import { startBenchStack, type BenchStack } from "./bench-bulk/stack";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const mb = (bytes: number | null) => (bytes === null ? "unknown" : `${Math.round(bytes / 1024 / 1024)} MB`);

export type Say = (line: string) => void;
export const sayAs =
  (name: string): Say =>
  (line) =>
    process.stdout.write(`[${name}] ${line}\n`);

export async function benchMain<A>(
  name: string,
  parse: (argv: readonly string[]) => A,
  stackOf: (args: A) => { tenants: number; policiesPerTenant: number | undefined; timeScale: number },
  body: (args: A, stack: BenchStack, say: Say) => Promise<void>,
): Promise<never> {
  const say = sayAs(name);
  let args: A;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(2);
  }
  const stack = await startBenchStack({ ...stackOf(args), say });
  const stopping = () => void stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopping);
  process.once("SIGTERM", stopping);
  try {
    await body(args, stack, say);
  } finally {
    await stack.stop();
  }
  process.exit(0);
}
