// `npm run demo` runs us as npm -> sh -> node. A `kill -9` of npm is invisible to us (sh is still
// our parent), so the launcher watches every ancestor and stops itself when any of them is gone,
// as a terminal's processes do when the terminal closes.
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

export function ancestors(pid = process.pid): Ancestor[] {
  const chain: Ancestor[] = [];
  let current = stat(pid)?.ppid ?? 0;
  while (current > 1) {
    const s = stat(current);
    if (!s) break;
    chain.push({ pid: current, startTime: s.startTime });
    current = s.ppid;
  }
  return chain;
}

export function watchAncestors(onGone: (pid: number) => void, intervalMs = 1000): NodeJS.Timeout {
  const watched = ancestors();
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
