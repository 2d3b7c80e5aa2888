// `npm run demo` runs us as npm -> sh -> node. A `kill -9` of npm is invisible to us (sh is still
// our parent), so the launcher watches its parent and the `npm run` layers above it, and stops
// itself when any of them is gone. Ancestors beyond npm (a terminal, nohup, a CI runner) are not
// watched: a detached demo keeps running after the shell that started it exits.
import { readFileSync } from "node:fs";

interface Ancestor {
  pid: number;
  startTime: string; // guards against a recycled pid
}

function stat(pid: number): { ppid: number; startTime: string } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
    return { ppid: Number(fields[1]), startTime: fields[19] ?? "" };
  } catch {
    return null;
  }
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

/** npm itself, or the `sh -c` it runs a script in. */
function isNpmLayer(pid: number): boolean {
  const [exe = "", ...args] = commandLine(pid);
  if (/(^|\/)(ba|da)?sh$/.test(exe) && args[0] === "-c") return true;
  return /(^|\/)npm(-cli\.js)?$/.test(exe) || args.some((a) => /(^|\/)npm(-cli\.js)?$/.test(a));
}

/** Our parent, then each further ancestor as long as the one below it is an npm layer. */
export function watchedAncestors(pid = process.pid): Ancestor[] {
  const chain: Ancestor[] = [];
  let current = stat(pid)?.ppid ?? 0;
  while (current > 1) {
    const s = stat(current);
    if (!s) break;
    chain.push({ pid: current, startTime: s.startTime });
    if (!isNpmLayer(current)) break;
    current = s.ppid;
  }
  return chain;
}

export function watchAncestors(onGone: (pid: number) => void, intervalMs = 1000): NodeJS.Timeout {
  const watched = watchedAncestors();
  const parent = process.ppid;
  const timer = setInterval(() => {
    // Without /proc (not Linux) we can still see our own parent change.
    if (watched.length === 0 && process.ppid !== parent) return onGone(parent);
    for (const a of watched) {
      if (stat(a.pid)?.startTime !== a.startTime) {
        clearInterval(timer);
        return onGone(a.pid);
      }
    }
  }, intervalMs);
  timer.unref();
  return timer;
}
