import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive } from "./process/supervisor";
import { freePort } from "../testing/free-port";
import { embeddedDatabaseUrl } from "../lib/config";
import { startEmbeddedPostgres } from "./embedded-postgres";

const OPTS = { user: "postgres", password: "postgres", database: "portal" };

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scratchDir() {
  // Under the project's data dir: the postgres OS user must be able to reach it.
  const dir = mkdtempSync(join(process.cwd(), ".data", "tmp-"));
  chmodSync(dir, 0o755);
  scratch.push(dir);
  return join(dir, "pg");
}

async function selectOne(port: number) {
  const c = new pg.Client({ host: "127.0.0.1", port, ...OPTS });
  await c.connect();
  const r = await c.query("select 1 as one");
  await c.end();
  return r.rows[0].one;
}

describe("embedded Postgres", () => {
  it("starts a real server, survives a SIGKILLed owner, and says what it cleaned up", async () => {
    const dataDir = scratchDir();
    const PORT = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "testing/fixtures/start-embedded.ts", dataDir, String(PORT)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("READY") && resolve());
      child.once("exit", (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const orphanPid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(isAlive(orphanPid)).toBe(true); // Postgres outlives its killed owner…
    expect(await selectOne(PORT)).toBe(1);

    const again = await startEmbeddedPostgres({ dataDir, port: PORT, ...OPTS }); // …and the next start deals with it.
    try {
      expect(again.cleaned).toEqual([`stopped a Postgres server left running by an earlier run (pid ${orphanPid})`]);
      expect(isAlive(orphanPid)).toBe(false);
      expect(await selectOne(PORT)).toBe(1);
    } finally {
      await again.stop();
    }
    expect(isAlive(again.pid)).toBe(false);
  }, 90_000);

  it("listens on a Unix socket in its data folder, which the embedded database's URL reaches", async () => {
    const dataDir = scratchDir();
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port, ...OPTS });
    try {
      const url = embeddedDatabaseUrl(port, OPTS.database, dataDir);
      expect(url).toContain(`?host=${encodeURIComponent(dataDir)}`);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // A connection over a Unix socket has no server address (inet_server_addr() is null for it).
      const r = await c.query<{ addr: string | null }>("select inet_server_addr()::text as addr");
      await c.end();
      expect(r.rows[0]!.addr).toBeNull();
      expect(await selectOne(port)).toBe(1); // and TCP on 127.0.0.1 for other tools
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("removes a postmaster.pid whose process is gone", async () => {
    const dataDir = scratchDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, ...OPTS });
    await first.stop();
    writeFileSync(join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n`);
    const second = await startEmbeddedPostgres({ dataDir, port, ...OPTS });
    try {
      expect(second.cleaned).toEqual(["removed a stale postmaster.pid (pid 999999 was not a running Postgres)"]);
      expect(await selectOne(port)).toBe(1);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("removes its socket's lock file along with a stale postmaster.pid, even when the pid in it was reused", async () => {
    const dataDir = scratchDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, ...OPTS });
    await first.stop();
    // A SIGKILLed server leaves both lock files. Postgres itself refuses to start while the pid in its
    // socket's lock file is a live process it may signal (a process of its own user: pids are reused).
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    const asPostgres = process.getuid?.() === 0 ? { uid: id("-u"), gid: id("-g") } : {}; // as root the server runs as postgres
    const reused = spawn("sleep", ["60"], { ...asPostgres, stdio: "ignore" });
    try {
      writeFileSync(join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n`);
      writeFileSync(join(dataDir, `.s.PGSQL.${port}.lock`), `${reused.pid}\n${dataDir}\n`);
      const second = await startEmbeddedPostgres({ dataDir, port, ...OPTS });
      try {
        expect(second.cleaned).toEqual([
          "removed a stale postmaster.pid (pid 999999 was not a running Postgres)",
          `removed a stale socket lock file (.s.PGSQL.${port}.lock)`,
        ]);
        expect(await selectOne(port)).toBe(1);
      } finally {
        await second.stop();
      }
    } finally {
      reused.kill();
    }
  }, 60_000);

  it("refuses clearly when its port is taken by another program", async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      await expect(startEmbeddedPostgres({ dataDir: scratchDir(), port, ...OPTS })).rejects.toThrow(`Port ${port} is already in use by another program`);
    } finally {
      blocker.close();
    }
  });
});
