// A brand-new database per test file, on the integration run's server, with migrations applied.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { closeLockSession } from "../db/advisory-locks";
import { createPrismaClient } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { applyMigrations } from "../db/migrate";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (opts.migrate !== false) await applyMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      await closeLockSession(url.toString());
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

/**
 * For a test file: a fresh migrated database and a Prisma client on it, created before the
 * tests and dropped after. Read `.prisma` inside tests (it is set in beforeAll).
 */
export function useTestPrisma(): { readonly prisma: PrismaClient; readonly url: string } {
  let db: TestDatabase | undefined;
  let prisma: PrismaClient | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
    prisma = createPrismaClient(db.url);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });
  return {
    get prisma() {
      if (!prisma) throw new Error("useTestPrisma: the database is created in beforeAll");
      return prisma;
    },
    get url() {
      return db!.url;
    },
  };
}
