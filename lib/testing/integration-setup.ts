// Vitest global setup for integration tests: a real PostgreSQL for the whole run. The embedded
// server (own data dir and port, so a running demo is untouched) unless DATABASE_URL names one.
// Each test file then makes its own database with `freshDatabase()` (lib/testing/database.ts).
import type { TestProject } from "vitest/node";
import { EMBEDDED_DB, config, embeddedDatabaseUrl } from "../config";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded-postgres";

let server: EmbeddedPostgres | null = null;

export default async function setup(project: TestProject) {
  const cfg = config();
  let adminUrl: string;
  if (cfg.embeddedDatabase) {
    const port = cfg.embeddedPgPort + 10; // never the demo's
    server = await startEmbeddedPostgres({
      dataDir: `${cfg.dataDir}/test-postgres`,
      port,
      user: EMBEDDED_DB.user,
      password: EMBEDDED_DB.password,
      database: "postgres",
    });
    adminUrl = embeddedDatabaseUrl(port, "postgres");
  } else {
    adminUrl = cfg.databaseUrl;
  }
  project.provide("adminDatabaseUrl", adminUrl);
  return async () => {
    await server?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
