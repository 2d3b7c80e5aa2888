// Readiness for a load balancer: this portal process can serve requests now. It needs its database
// and every migration applied; it does not need a worker (pages and previews work, jobs wait in the
// queue: /api/health and the status page say when no worker runs). A process that is stopping is not ready.
import { join } from "node:path";
import { readMigrations } from "../db/migrate";
import { isDraining } from "./draining";

export interface Readiness {
  ok: boolean;
  /** Why not, in words (for the process's own log and signed-in staff; the public answer is only `ok`). */
  reason: string | null;
}

export async function readiness(deps: { query: <T>(sql: string) => Promise<T[]>; migrationsDir?: string; timeoutMs?: number }): Promise<Readiness> {
  if (isDraining()) return { ok: false, reason: "stopping: finishing the requests in flight" };
  const timeout = deps.timeoutMs ?? 2000;
  const applied = await Promise.race([
    deps.query<{ migration_name: string }>(`select migration_name from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the database did not answer within ${timeout} ms`)), timeout).unref()),
  ]).then(
    (rows) => new Set(rows.map((r) => r.migration_name)),
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  if (applied instanceof Error) return { ok: false, reason: `database: ${applied.message}` };
  const pending = readMigrations(deps.migrationsDir ?? join(process.cwd(), "prisma", "migrations")).filter((m) => !applied.has(m.name));
  if (pending.length > 0) return { ok: false, reason: `migrations not applied: ${pending.map((m) => m.name).join(", ")} (npm run db:migrate)` };
  return { ok: true, reason: null };
}
