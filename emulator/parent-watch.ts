// Exit with the launcher: a SIGKILLed parent sends no signal, so we poll. `process.ppid` changing
// covers a direct parent; `npm run` and tsx put processes in between (launcher -> npm -> sh -> tsx
// -> node), and those stay alive when the launcher dies, so on Linux we also watch the first few
// ancestors through /proc and stop when any of them is gone.
import { readFileSync } from "node:fs";

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 4, after the parenthesised command name (which may itself contain spaces).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function ancestors(maxDepth: number): number[] {
  const chain: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && chain.length < maxDepth) {
    chain.push(pid);
    const next = parentOf(pid);
    if (next === undefined) break;
    pid = next;
  }
  return chain;
}

/** Calls `onOrphaned` once when the parent changes or a watched ancestor exits. */
export function watchParent(onOrphaned: () => void, options: { intervalMs?: number; depth?: number } = {}): () => void {
  const parent = process.ppid;
  const watched = ancestors(options.depth ?? 4);
  let fired = false;
  const timer = setInterval(() => {
    if (fired) return;
    if (process.ppid !== parent || watched.some((pid) => !alive(pid))) {
      fired = true;
      onOrphaned();
    }
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
