// Starting and stopping the launcher's child processes, with their output in log files so the
// terminal shows what a person needs (URLs, problems) rather than every JSON log line.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { join, resolve } from "node:path";

export interface Child {
  name: string;
  proc: ChildProcess;
  logPath: string;
  exited: Promise<number | null>;
}

const PRELOAD = resolve("dev/process/exit-with-parent.cjs");

export function spawnChild(name: string, args: string[], opts: { env: NodeJS.ProcessEnv; logDir: string }): Child {
  mkdirSync(opts.logDir, { recursive: true });
  const logPath = join(opts.logDir, `${name}.log`);
  const fd = openSync(logPath, "a");
  const proc = spawn(process.execPath, ["--require", PRELOAD, ...args], { env: opts.env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((r) => proc.once("exit", (code, signal) => r(code ?? (signal ? 128 : null))));
  return { name, proc, logPath, exited };
}

export async function stopChild(child: Child, timeoutMs = 15_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), timeoutMs);
  await child.exited;
  clearTimeout(timer);
}

export function logTail(path: string, lines = 20): string {
  if (!existsSync(path)) return "";
  return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Running: it exists and has not exited (a zombie, waiting for a reaper, has). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return !existsSync("/proc/self"); // gone meanwhile; or no /proc here, where the signal check is all there is
  }
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

export function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, abort?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  void abort?.then(() => (aborted = true));
  while (!(await check())) {
    if (aborted) throw new Error(`${what}: the process exited while starting`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
