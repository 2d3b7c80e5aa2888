import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readMigrations } from "../db/migrate";
import { markDraining } from "./draining";
import { readiness } from "./readiness";

const ALL = readMigrations(join(process.cwd(), "prisma", "migrations")).map((m) => m.name);
const applied =
  (names: string[]) =>
  async <T>() =>
    names.map((migration_name) => ({ migration_name })) as T[];
const KEY = Symbol.for("msp-ca-portal.draining");

describe("readiness", () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[KEY];
  });

  it("is ready with the database answering and every migration applied", async () => {
    expect(await readiness({ query: applied(ALL) })).toEqual({ ok: true, reason: null });
  });

  it("is not ready while a migration is not applied, and says which and what to run", async () => {
    const r = await readiness({ query: applied(ALL.slice(0, -1)) });
    expect(r).toEqual({ ok: false, reason: `migrations not applied: ${ALL.at(-1)} (npm run db:migrate)` });
  });

  it("is not ready when the database fails or does not answer in time", async () => {
    expect(await readiness({ query: () => Promise.reject(new Error("connection refused")) })).toEqual({ ok: false, reason: "database: connection refused" });
    const slow = await readiness({ query: () => new Promise(() => undefined), timeoutMs: 50 });
    expect(slow).toEqual({ ok: false, reason: "database: the database did not answer within 50 ms" });
  });

  it("is not ready once the process is stopping, without asking the database", async () => {
    markDraining();
    let asked = false;
    const r = await readiness({
      query: async <T>() => {
        asked = true;
        return [] as T[];
      },
    });
    expect(r).toEqual({ ok: false, reason: "stopping: finishing the requests in flight" });
    expect(asked).toBe(false);
  });
});
