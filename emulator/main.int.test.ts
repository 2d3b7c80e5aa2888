// `npm run emulator` as a process: flag validation (exit 2), the ready line and CA path, HTTPS on
// loopback, the plain-HTTP listener serving only sign-in pages, clean SIGTERM, and exiting when
// the launcher is SIGKILLed (no orphan).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { trustingDispatcher } from "@/emulator/testing/clients";

const root = fileURLToPath(new URL("..", import.meta.url));
const certDir = mkdtempSync(join(tmpdir(), "emulator-main-test-"));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got: ${out}`)), timeoutMs);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`exited before ${pattern}; got: ${out}`));
    });
  });
}

/** Running: it exists and is not a zombie (an exited orphan waits for a reaper that may be slow). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("emulator/main.ts", () => {
  it.each([
    [["--port", "99999"], /--port must be between 0 and 65535/],
    [["--tenants", "many"], /--tenants needs an integer/],
    [["--time-scale", "0"], /--time-scale needs a number greater than 0/],
    [["--colour", "blue"], /unknown flag --colour/],
  ])("exits 2 with a clear message for %j", async (args, message) => {
    const child = run(args);
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(err).toMatch(message);
  });

  it("serves HTTPS on loopback, sign-in pages over plain HTTP, and stops on SIGTERM", async () => {
    const child = run(["--port", "0", "--browser-port", "0", "--tenants", "3", "--seed", "5", "--time-scale", "0.01", "--cert-dir", certDir]);
    try {
      const out = await waitForOutput(child, /sign-in pages[^\n]*\n/);
      const url = /^emulator ready (https:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      const caPath = /^CA certificate: (\S+)/m.exec(out)?.[1];
      const browser = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(caPath).toBe(join(certDir, "ca.pem"));
      const dispatcher = await trustingDispatcher(readFileSync(caPath!, "utf8"));
      const health = await fetch(`${url}/_emulator/health`, { dispatcher } as RequestInit);
      expect(await health.json()).toEqual({ ok: true });
      const fleet = (await (await fetch(`${url}/_emulator/fleet`, { dispatcher } as RequestInit)).json()) as {
        partner: { tenantId: string; app: { clientId: string } };
      };
      const authorize = await fetch(
        `${browser}/${fleet.partner.tenantId}/oauth2/v2.0/authorize?client_id=${fleet.partner.app.clientId}&response_type=code&redirect_uri=${encodeURIComponent("http://localhost:3000/api/auth/callback")}&scope=openid`,
      );
      expect(authorize.status).toBe(200);
      expect(authorize.headers.get("content-type")).toMatch(/text\/html/);
      const graphOverHttp = await fetch(`${browser}/v1.0/organization`);
      expect(graphOverHttp.status).toBe(404);
      const tokenOverHttp = await fetch(`${browser}/${fleet.partner.tenantId}/oauth2/v2.0/token`, { method: "POST" });
      expect(tokenOverHttp.status).toBe(404);
      child.kill("SIGTERM");
      expect(await exitOf(child)).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("exits when its launcher is SIGKILLed", async () => {
    const launcher = spawn(
      "sh",
      ["-c", `"${process.execPath}" --import tsx emulator/main.ts --port 0 --browser-port 0 --tenants 2 --cert-dir "${certDir}" & echo "pid $!"; wait`],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const out = await waitForOutput(launcher, /emulator ready/);
    const pid = Number(/pid (\d+)/.exec(out)?.[1]);
    expect(alive(pid)).toBe(true);
    launcher.kill("SIGKILL");
    const deadline = Date.now() + 15_000; // generous: the suite may run on a loaded machine
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const orphaned = alive(pid);
    // What the process was doing if it stayed (state, parent), so a failure explains itself.
    const where = orphaned ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
    if (orphaned) process.kill(pid, "SIGKILL");
    expect(orphaned, `still running 15 s after its launcher died: ${where}`).toBe(false);
  });
});
