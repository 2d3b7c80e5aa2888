// Exit with whoever started us: a SIGKILLed parent sends no signal, so we poll. Under `npm run` our
// parent is `sh`, which outlives a killed npm, so the `npm run` layers (sh -c, npm) are watched
// too; nothing above them is, so `nohup npm run emulator &` survives its terminal. Start times
// guard against recycled pids. (dev/process/ancestors.ts applies the same rule to the portal's
// launcher; the emulator keeps its own copy because it must not import lib/.)
import { readFileSync } from "node:fs";

interface Watched {
  pid: number;
  startTime: string;
}

function stat(pid: number): { ppid: number; startTime: string } | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the parenthesised command name (which may itself contain spaces).
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), startTime: fields[19] ?? "" };
  } catch {
    return undefined;
  }
}

function isNpmLayer(pid: number): boolean {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return false;
  }
  const [exe = "", ...args] = argv;
  if (/(^|\/)(ba|da)?sh$/.test(exe) && args[0] === "-c") return true;
  return [exe, ...args].some((a) => /(^|\/)npm(-cli\.js)?$/.test(a));
}

/** Our parent, then each further ancestor as long as the one below it is an npm layer. */
export function watchedAncestors(): Watched[] {
  const chain: Watched[] = [];
  let pid = process.ppid;
  while (pid > 1) {
    const s = stat(pid);
    if (!s) break;
    chain.push({ pid, startTime: s.startTime });
    if (!isNpmLayer(pid)) break;
    pid = s.ppid;
  }
  return chain;
}

/** Calls `onOrphaned` once when the parent changes or a watched ancestor exits. */
export function watchParent(onOrphaned: () => void, options: { intervalMs?: number } = {}): () => void {
  const parent = process.ppid;
  const watched = watchedAncestors();
  let fired = false;
  const timer = setInterval(() => {
    if (fired) return;
    if (process.ppid !== parent || watched.some((a) => stat(a.pid)?.startTime !== a.startTime)) {
      fired = true;
      onOrphaned();
    }
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
