// `npm run demo`: everything on one machine. Embedded Postgres (unless DATABASE_URL is set),
// migrations, a job worker, and the portal in production mode; prints the URL; Ctrl-C or SIGTERM
// stops the children in order (portal and worker first, the database last).
//
// Unless real Entra credentials are configured (ENTRA_CLIENT_ID), it also starts the local
// Microsoft cloud (emulator/) and points the portal at it: only URLs and credentials differ.
//
// Flags: --fresh            start from an empty embedded database (used by the end-to-end tests)
//        --tenants N        customer tenants in the local cloud (default 40)
//        --time-scale F     the local cloud's clock (0.01 = 100x faster; tests)
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EMBEDDED_DB, childEnv, configOrExit, embeddedPgDataDir } from "../lib/config";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../dev/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { watchAncestors } from "../dev/process/ancestors";
import { LAUNCHER_MARKER, removeLock, takeOverStaleLock, writeLock } from "../dev/process/demo-lock";
import { startLocalCloud } from "../dev/process/local-cloud";
import { buildPortalIfNeeded } from "../dev/process/portal-build";
import { PORTAL_NODE_ARGS, WORKER_NODE_ARGS } from "../dev/process/worker-command";
import { logTail, portInUse, spawnChild, stopChild, waitFor, type Child } from "../dev/process/supervisor";

const say = (msg: string) => process.stdout.write(`[demo] ${msg}\n`);
class StartError extends Error {}
const fail = (msg: string): never => {
  throw new StartError(msg);
};

const cfg = configOrExit();
const fresh = process.argv.includes("--fresh");
const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
mkdirSync(cfg.dataDir, { recursive: true, mode: 0o755 });
const logDir = join(cfg.dataDir, "logs");

const children: Child[] = [];
let database: EmbeddedPostgres | null = null;
let stopping: Promise<never> | null = null;

/**
 * Stops everything, once. A second reason to stop while stopping (a second Ctrl-C, or the parent
 * shell gone: Playwright starts us with `sh -c` and sends SIGTERM to the whole group, so the shell
 * is gone at once and the ancestor watch fires within a second) waits for the first to finish:
 * exiting then left the embedded Postgres running, holding its port for the next run. Each step has
 * its own time limit (stopChild, the database's stop), so the stop always ends.
 */
function shutdown(code: number, why: string): Promise<never> {
  if (stopping) {
    say(`still stopping (${why})…`);
    return stopping;
  }
  stopping = (async () => {
    say(`stopping (${why})…`);
    // The portal and worker first, so nothing is mid-query when the database goes away.
    await Promise.all([...children].reverse().map((c) => stopChild(c)));
    if (database) await database.stop();
    removeLock(cfg.dataDir);
    say("stopped; no process left running");
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void shutdown(0, "SIGINT"));
process.on("SIGTERM", () => void shutdown(0, "SIGTERM"));
watchAncestors((pid) => void shutdown(1, `the process that started the demo (pid ${pid}) is gone`));

function recordLock() {
  writeLock(cfg.dataDir, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    children: Object.fromEntries(children.map((c) => [c.name, c.proc.pid ?? 0])),
  });
}

function buildIfNeeded() {
  mkdirSync(logDir, { recursive: true });
  try {
    buildPortalIfNeeded(say);
  } catch (err) {
    fail((err as Error).message);
  }
}

/** Tokens at rest are encrypted; the demo keeps its own random key unless one is configured. */
function demoEncryptionKey(): string {
  const path = join(cfg.dataDir, "encryption.key");
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString("base64"), { mode: 0o600 });
  return readFileSync(path, "utf8").trim();
}

async function localCloudSettings(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const tenants = flag("--tenants");
  const timeScale = flag("--time-scale");
  const cloud = await startLocalCloud({
    port: cfg.emulatorPort,
    certDir: join(cfg.dataDir, "emulator-certs"),
    portalOrigin: cfg.portalUrl,
    tenants: tenants ? Number(tenants) : undefined,
    timeScale: timeScale ? Number(timeScale) : undefined,
    logDir,
    env,
  });
  children.push(cloud.child);
  recordLock();
  const p = cloud.fleet.partner;
  say(`local Microsoft cloud: ${cloud.url} (sign-in pages on ${cloud.browserUrl}), ${cloud.fleet.customers.length} customer tenants`);
  // Guests hold a portal role only to show that the portal refuses them.
  for (const s of p.staff.filter((u) => u.portalRole && !u.guest)) say(`  sign in as ${s.userPrincipalName} / ${s.password} (portal ${s.portalRole})`);
  return {
    ENTRA_AUTHORITY_HOST: cloud.url,
    GRAPH_BASE_URL: cloud.url,
    NODE_EXTRA_CA_CERTS: cloud.caPath,
    PARTNER_TENANT_ID: p.tenantId,
    ENTRA_CLIENT_ID: p.app.clientId,
    ENTRA_CLIENT_SECRET: p.app.clientSecret,
    ENCRYPTION_KEY: cfg.encryptionKey?.toString("base64") ?? demoEncryptionKey(),
  };
}

async function main() {
  for (const note of await takeOverStaleLock(cfg.dataDir, "scripts/demo")) say(`cleaned up: ${note}`);
  recordLock();

  if (await portInUse(cfg.port, cfg.host)) {
    fail(`port ${cfg.port} is already in use by another program; stop it or choose another with PORT=…`);
  }

  if (cfg.embeddedDatabase) {
    const dir = embeddedPgDataDir(cfg.dataDir);
    if (fresh && existsSync(dir)) {
      // A server left running from a killed run must be stopped before its files go.
      const { cleanStaleServer } = await import("../dev/embedded-postgres");
      for (const note of await cleanStaleServer(dir)) say(`cleaned up: ${note}`);
      rmSync(dir, { recursive: true, force: true });
      say("--fresh: removed the previous embedded database");
    }
    database = await startEmbeddedPostgres({
      dataDir: dir,
      port: cfg.embeddedPgPort,
      user: EMBEDDED_DB.user,
      password: EMBEDDED_DB.password,
      database: EMBEDDED_DB.database,
      onInfo: (m) => say(m.startsWith("stopped") || m.startsWith("removed") ? `cleaned up: ${m}` : m),
    });
  } else {
    say("using the PostgreSQL server from DATABASE_URL (no embedded server)");
  }

  const migrations = await applyMigrations(cfg.databaseUrl);
  say(
    migrations.applied.length
      ? `applied migrations: ${migrations.applied.join(", ")}`
      : `database schema up to date (${migrations.all.length} migration${migrations.all.length === 1 ? "" : "s"})`,
  );

  buildIfNeeded();

  // Children derive the same database URL from the same environment (embedded or DATABASE_URL).
  const base = { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", [LAUNCHER_MARKER]: String(process.pid) };
  const cloud = cfg.clientId ? {} : await localCloudSettings(childEnv(base));
  const env = childEnv({ ...base, ...cloud });
  const worker = spawnChild("worker", [...WORKER_NODE_ARGS], { env, logDir });
  children.push(worker);
  // scripts/serve.ts (`npm start`), not `next start`: it stamps each request's socket address for the audit log.
  const portal = spawnChild("portal", [...PORTAL_NODE_ARGS], { env, logDir });
  children.push(portal);
  recordLock();

  for (const c of children) {
    void c.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(`[demo] the ${c.name} exited unexpectedly (code ${code}); last lines of ${c.logPath}:\n${logTail(c.logPath)}\n`);
      void shutdown(1, `${c.name} exited`);
    });
  }

  const url = `http://${cfg.host === "0.0.0.0" ? "127.0.0.1" : cfg.host}:${cfg.port}`;
  await waitFor(
    async () => {
      try {
        return (await fetch(`${url}/api/health`)).status > 0;
      } catch {
        return false;
      }
    },
    120_000,
    "the portal",
    portal.exited,
  );
  // "Ready" means healthy: the worker registers with the queue a moment after the portal answers.
  const healthy = await waitFor(async () => (await fetch(`${url}/api/health`)).status === 200, 60_000, "the portal's health").then(
    () => true,
    () => false,
  );
  if (!healthy) say(`the portal answers, but ${url}/status reports a problem; see ${logDir}`);
  say(`logs: ${logDir}`);
  say(`portal ready: ${url}`);
  say("press Ctrl-C to stop");
}

main().catch(async (err) => {
  process.stderr.write(`[demo] ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1, "start-up failed");
});
