// The launcher as a person uses it: `npm run demo` in a terminal, Ctrl-C, `kill -9`, a bad value.
// Each test runs it on its own ports and data dir.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { childEnv } from "../lib/config";
import { isAlive } from "../dev/process/supervisor";
import { freshDatabase } from "../testing/database";
import { freePort } from "../testing/free-port";
import { readMigrations } from "../lib/db/migrate";

const MIGRATIONS = readMigrations(join(process.cwd(), "prisma", "migrations")).map((m) => m.name);

interface Run {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const dirs: string[] = [];
const runs: Run[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
// A failed assertion must not leave a launcher (and its ports) behind for the next test.
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.proc.exitCode !== null || run.proc.signalCode !== null) continue;
    run.proc.kill("SIGTERM");
    await run.exited;
  }
});

function dataDir(): string {
  const dir = mkdtempSync(join(process.cwd(), ".data", "demo-test-"));
  chmodSync(dir, 0o755); // the embedded server runs as the postgres OS user when we are root
  dirs.push(dir);
  return dir;
}

// The local cloud needs two adjacent ports (HTTPS and the sign-in pages); a high range of our own
// keeps the tests away from a demo on the default 4443.
let cloudPort = 20_000 + (process.pid % 2000) * 4;

function start(env: Record<string, string>): Run {
  // detached: its own process group, like a terminal's foreground job, so Ctrl-C can be played.
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    env: childEnv({ ...env, LOG_LEVEL: "warn", EMULATOR_PORT: env.EMULATOR_PORT ?? String((cloudPort += 2)) }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  const run = { proc, output: () => out, exited };
  runs.push(run);
  return run;
}

async function until(run: Run, text: string, ms = 240_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!run.output().includes(text)) {
    if (run.proc.exitCode !== null) throw new Error(`launcher exited (${run.proc.exitCode}):\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${ms} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The portal and worker the launcher recorded in its lock file. */
function childPids(dir: string): number[] {
  const lock = JSON.parse(readFileSync(join(dir, "demo.lock.json"), "utf8"));
  return Object.values(lock.children as Record<string, number>);
}

function postgresPid(dir: string): number {
  return Number(readFileSync(join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
}

async function gone(pids: number[], ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

const health = async (port: number) => (await fetch(`http://127.0.0.1:${port}/api/health`)).json();

describe("npm run demo", () => {
  it("stops on Ctrl-C and leaves no Postgres or Node process behind", async () => {
    const dir = dataDir();
    const port = await freePort();
    const run = start({ DATA_DIR: dir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) });
    await until(run, `portal ready: http://127.0.0.1:${port}`);
    // Without a session /api/health says only whether all is well (the details need a signed-in user).
    expect(await health(port)).toEqual({ ok: true });
    expect(run.output()).toMatch(/Postgres (created and )?started/);
    const pids = [...childPids(dir), postgresPid(dir), run.proc.pid!];

    process.kill(-run.proc.pid!, "SIGINT"); // what a terminal sends to its foreground job
    expect(await run.exited).toBe(0);
    expect(await gone(pids)).toBe(true);
    expect(run.output()).toContain("stopped; no process left running");
  }, 300_000);

  it("a second stop while stopping (a second signal, or its parent shell gone) lets the first finish: no Postgres left", async () => {
    const dir = dataDir();
    const port = await freePort();
    const run = start({ DATA_DIR: dir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) });
    await until(run, `portal ready: http://127.0.0.1:${port}`);
    const pids = [...childPids(dir), postgresPid(dir), run.proc.pid!];

    // What Playwright does at the end of the e2e tests: SIGTERM to the group; its `sh -c` is gone at
    // once, which the launcher notices as a second reason to stop. Played here as a SIGINT besides
    // (another signal: a second SIGTERM still pending would be merged with the first).
    process.kill(-run.proc.pid!, "SIGTERM");
    process.kill(run.proc.pid!, "SIGINT");
    expect(await run.exited).toBe(0);
    expect(await gone(pids)).toBe(true);
    expect(run.output()).toMatch(/still stopping \((SIGTERM|SIGINT)\)/);
    expect(run.output()).toContain("stopped; no process left running");
  }, 300_000);

  it("after kill -9 of the launcher, its children stop and the next run says what it cleaned", async () => {
    const dir = dataDir();
    const port = await freePort();
    const env = { DATA_DIR: dir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) };
    const first = start(env);
    await until(first, "portal ready");
    const children = childPids(dir);
    const database = postgresPid(dir);

    first.proc.kill("SIGKILL");
    expect(await gone(children)).toBe(true); // portal and worker notice and stop by themselves
    expect(isAlive(database)).toBe(true); // a database cannot: it is left for the next run

    const second = start(env);
    await until(second, "portal ready");
    expect(second.output()).toContain(`cleaned up: stopped a Postgres server left running by an earlier run (pid ${database})`);
    expect(isAlive(database)).toBe(false);
    expect((await health(port)).ok).toBe(true);
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 300_000);

  it("with DATABASE_URL uses that server, migrates it, and embeds nothing", async () => {
    const db = await freshDatabase({ migrate: false });
    const dir = dataDir();
    const port = await freePort();
    const run = start({ DATA_DIR: dir, PORT: String(port), DATABASE_URL: db.url });
    try {
      await until(run, "portal ready");
      expect(run.output()).toContain("using the PostgreSQL server from DATABASE_URL (no embedded server)");
      expect(run.output()).toContain(`applied migrations: ${MIGRATIONS.join(", ")}`);
      expect(run.output()).not.toMatch(/Postgres (created and )?started/);
      expect(await health(port)).toEqual({ ok: true });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const rows = (await client.query(`select migration_name from "_prisma_migrations"`)).rows;
      await client.end();
      expect(rows.map((r) => r.migration_name).sort()).toEqual(MIGRATIONS);
    } finally {
      run.proc.kill("SIGTERM");
      await run.exited;
      await db.drop();
    }
  }, 300_000);

  it("refuses a bad configuration value, naming the variable", async () => {
    const run = start({ DATA_DIR: dataDir(), PORT: "abc" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT: expected a port number from 1 to 65535, got "abc"');
  });
});
