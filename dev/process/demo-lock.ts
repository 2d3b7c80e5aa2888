// The launcher records itself and its children in <data dir>/demo.lock.json. A second launcher on
// the same data dir is refused while the first lives; after a SIGKILL the next launcher finds the
// record, stops whatever the dead one left running, and says what it cleaned.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commandLine, isAlive } from "./supervisor";

/** Set in every child's environment: /proc/<pid>/environ then proves the child is ours, even
 * after it renames itself (next start becomes "next-server"). */
export const LAUNCHER_MARKER = "PORTAL_LAUNCHED_BY";

function launchedBy(pid: number): string | null {
  try {
    const entry = readFileSync(`/proc/${pid}/environ`, "utf8")
      .split("\0")
      .find((e) => e.startsWith(`${LAUNCHER_MARKER}=`));
    return entry ? entry.slice(LAUNCHER_MARKER.length + 1) : null;
  } catch {
    return null;
  }
}

export interface DemoLock {
  pid: number;
  startedAt: string;
  children: Record<string, number>;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, "demo.lock.json");
}

export function readLock(dataDir: string): DemoLock | null {
  try {
    return JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as DemoLock;
  } catch {
    return null;
  }
}

export function writeLock(dataDir: string, lock: DemoLock): void {
  writeFileSync(lockPath(dataDir), JSON.stringify(lock, null, 2));
}

export function removeLock(dataDir: string): void {
  rmSync(lockPath(dataDir), { force: true });
}

/** Throws when a live launcher owns the data dir; otherwise stops what a dead one left behind. */
export async function takeOverStaleLock(dataDir: string, marker: string): Promise<string[]> {
  if (!existsSync(lockPath(dataDir))) return [];
  const lock = readLock(dataDir);
  if (lock && lock.pid !== process.pid && isAlive(lock.pid) && commandLine(lock.pid).includes(marker)) {
    throw new Error(
      `Another launcher (pid ${lock.pid}) is already running on ${dataDir}. Stop it with Ctrl-C (or \`kill ${lock.pid}\`), or use another DATA_DIR.`,
    );
  }
  const cleaned: string[] = [];
  for (const [name, pid] of Object.entries(lock?.children ?? {})) {
    // Only a process started by that launcher is ours: a recycled pid must not be killed.
    if (!isAlive(pid) || launchedBy(pid) !== String(lock?.pid)) continue;
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
    cleaned.push(`stopped the ${name} (pid ${pid}) left running by a launcher that was killed`);
  }
  removeLock(dataDir);
  if (cleaned.length === 0) cleaned.push(`removed the lock of a launcher that was killed (pid ${lock?.pid ?? "?"})`);
  return cleaned;
}
