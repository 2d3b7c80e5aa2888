// The benches' flags (bench:bulk, bench:guard): `--flag value` or `--flag=value`, every value checked
// with a sentence that says what was wrong, so a typo stops the bench before it starts a fleet.
export class BenchArgsError extends Error {}

/** How one flag sets its field; `value()` takes the flag's value (inline or the next argument). */
export type FlagReaders<T> = Record<string, (out: T, value: () => string | undefined, flag: string) => void>;

export function parseFlags<T extends object>(argv: readonly string[], defaults: T, readers: FlagReaders<T>, usage: string): T {
  const out: T = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const [flag, inline] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const read = Object.hasOwn(readers, flag) ? readers[flag] : undefined;
    if (!read) throw new BenchArgsError(`unknown flag '${arg}' (flags: ${usage})`);
    read(out, () => inline ?? argv[++i], flag);
  }
  return out;
}

export function wholeNumber(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new BenchArgsError(`${flag} needs a whole number, got ${raw === undefined ? "nothing" : `'${raw}'`}`);
  const n = Number(raw);
  if (n < min || n > max) throw new BenchArgsError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** The local cloud's clock: 1 = Graph's real pace; above 0 and at most 10. */
export function timeScale(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !/^\d*\.?\d+$/.test(raw) || !(n > 0) || n > 10)
    throw new BenchArgsError(`${flag} needs a number above 0 and at most 10, got '${raw ?? ""}'`);
  return n;
}

/** The flags every fleet bench takes: the fleet's size, the worker's concurrency and the local cloud's clock. */
export function fleetFlags<T extends { tenants: number; concurrency: number; timeScale: number }>(): FlagReaders<T> {
  return {
    "--tenants": (out, value, flag) => (out.tenants = wholeNumber(flag, value(), 1, 10_000)),
    "--concurrency": (out, value, flag) => (out.concurrency = wholeNumber(flag, value(), 1, 500)),
    "--time-scale": (out, value, flag) => (out.timeScale = timeScale(flag, value())),
  };
}

/** A file to write: any path that is not another flag. */
export function filePath(flag: string, raw: string | undefined): string {
  if (raw === undefined || raw === "" || raw.startsWith("--")) throw new BenchArgsError(`${flag} needs a file to write, got ${raw ? `'${raw}'` : "nothing"}`);
  return raw;
}
