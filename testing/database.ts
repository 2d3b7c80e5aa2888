// A brand-new database per test file, on the integration run's server, with migrations applied.
import { afterAll, beforeAll, inject } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { scratchDatabase, type TestDatabase } from "./scratch-database";

export type { TestDatabase };

export function freshDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return scratchDatabase(inject("adminDatabaseUrl"), "test", opts);
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
