import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { Prisma } from "./generated/client";
import { applyMigrations, readMigrations } from "./migrate";

const MIGRATIONS = join(process.cwd(), "prisma", "migrations");

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("migrations applied without Prisma's native engine", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it("applies every migration once and records it the way `prisma migrate deploy` does", async () => {
    const first = await applyMigrations(db.url);
    expect(first.applied).toEqual(readMigrations(MIGRATIONS).map((m) => m.name));
    const second = await applyMigrations(db.url);
    expect(second.applied).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: Date | null }>(
      db.url,
      `select migration_name, checksum, applied_steps_count, finished_at from "_prisma_migrations" order by migration_name`,
    );
    const init = rows.find((r) => r.migration_name === "20261124000000_init")!;
    const sql = readFileSync(join(MIGRATIONS, "20261124000000_init", "migration.sql"));
    expect(init.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    expect(init.applied_steps_count).toBe(1);
    expect(init.finished_at).toBeInstanceOf(Date);
  });

  it("matches the Prisma schema: every model's fields are columns of its table", async () => {
    const columns = await query<{ table_name: string; column_name: string }>(
      db.url,
      `select table_name, column_name from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'`,
    );
    const byTable = new Map<string, string[]>();
    for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
    const models = Object.values(Prisma.ModelName);
    expect([...byTable.keys()].sort()).toEqual([...models].sort());
    for (const model of models) {
      const fields = Object.values((Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]!);
      expect(byTable.get(model)?.sort(), model).toEqual([...fields].sort());
    }
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS, dir, { recursive: true });
    const file = join(dir, "20261124000000_init", "migration.sql");
    writeFileSync(file, readFileSync(file, "utf8") + "\n-- edited\n");
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/20261124000000_init was edited after it was applied/);
  });

  it("rolls back a failing migration completely and records nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS, dir, { recursive: true });
    const bad = join(dir, "20990101000000_broken");
    cpSync(join(dir, "20261124000000_init"), bad, { recursive: true });
    writeFileSync(join(bad, "migration.sql"), `CREATE TABLE "Half" ("id" INT);\nSELECT no_such_function();\n`);
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/20990101000000_broken failed and was rolled back/);
    const half = await query(db.url, `select 1 from information_schema.tables where table_name = 'Half'`);
    expect(half).toHaveLength(0);
    const recorded = await query(db.url, `select 1 from "_prisma_migrations" where migration_name = '20990101000000_broken'`);
    expect(recorded).toHaveLength(0);
  });
});
