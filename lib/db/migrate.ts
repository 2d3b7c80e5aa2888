// Applies prisma/migrations without Prisma's native schema engine, which this machine cannot
// download. It keeps Prisma's own bookkeeping (the `_prisma_migrations` table, SHA-256 checksums,
// the same advisory lock), so a deployment that has the engine can run `prisma migrate deploy`
// against the same database at any time and see everything as applied.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const PRISMA_MIGRATE_LOCK = 72707369; // the advisory lock key `prisma migrate` takes

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[]; // applied by this call
  all: string[]; // every migration now applied, in order
}

export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function applyMigrations(databaseUrl: string, dir = join(process.cwd(), "prisma", "migrations")): Promise<MigrationResult> {
  const files = readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(BOOKKEEPING);
    const rows = (
      await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      )
    ).rows;
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was never resolved; fix the database, then mark it with \`prisma migrate resolve\`.`,
      );
    }
    const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]));
    const known = new Set(files.map((f) => f.name));
    const unknown = [...done.keys()].filter((n) => !known.has(n));
    if (unknown.length) throw new MigrationError(`The database has migrations this code does not know: ${unknown.join(", ")} (is this an older checkout?)`);

    const applied: string[] = [];
    for (const file of files) {
      const checksum = done.get(file.name);
      if (checksum !== undefined) {
        if (checksum !== file.checksum)
          throw new MigrationError(`Migration ${file.name} was edited after it was applied (checksum differs); add a new migration instead.`);
        continue;
      }
      // One transaction per migration: a failure leaves neither half a schema nor a record of it.
      await client.query("BEGIN");
      try {
        await client.query(file.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), file.checksum, file.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
      }
      applied.push(file.name);
    }
    return { applied, all: files.map((f) => f.name) };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}

/** Names of the migrations recorded as applied, in order (for the status page). */
export async function appliedMigrations(query: (sql: string) => Promise<{ migration_name: string }[]>): Promise<string[]> {
  const rows = await query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`);
  return rows.map((r) => r.migration_name);
}
