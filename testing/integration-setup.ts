// Vitest global setup for integration tests: a real PostgreSQL for the whole run. The embedded
// server unless DATABASE_URL names one. Each run gets its own data dir and a free port, so runs
// side by side (and a running demo) never touch each other's server. Each test file then makes its
// own database with `freshDatabase()` (testing/database.ts).
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { EMBEDDED_DB, config, embeddedDatabaseUrl } from "@/lib/config";
import { cleanStaleServer, startEmbeddedPostgres, type EmbeddedPostgres } from "../dev/embedded-postgres";
import { isAlive } from "../dev/process/supervisor";
import { freePort } from "./free-port";

let server: EmbeddedPostgres | null = null;
let runDir: string | null = null;

/** Folders of earlier runs that were killed before their teardown. */
async function removeAbandonedRuns(root: string) {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const pid = Number(name.replace(/^run-/, ""));
    if (Number.isInteger(pid) && isAlive(pid)) continue;
    await cleanStaleServer(join(root, name, "postgres")).catch(() => []);
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  const cfg = config();
  let adminUrl: string;
  if (cfg.embeddedDatabase) {
    const root = join(cfg.dataDir, "test-postgres");
    await removeAbandonedRuns(root);
    runDir = join(root, `run-${process.pid}`);
    mkdirSync(runDir, { recursive: true, mode: 0o755 });
    const port = await freePort();
    const dataDir = join(runDir, "postgres");
    server = await startEmbeddedPostgres({ dataDir, port, user: EMBEDDED_DB.user, password: EMBEDDED_DB.password, database: "postgres" });
    adminUrl = embeddedDatabaseUrl(port, "postgres", dataDir);
  } else {
    adminUrl = cfg.databaseUrl;
  }
  project.provide("adminDatabaseUrl", adminUrl);
  return async () => {
    await server?.stop();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
