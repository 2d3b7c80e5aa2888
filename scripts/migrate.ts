// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database, which
// must be running: `npm run demo` starts it and migrates by itself).
import { configOrExit } from "../lib/config";
import { applyMigrations } from "../lib/db/migrate";

const cfg = configOrExit();
try {
  const r = await applyMigrations(cfg.databaseUrl);
  console.log(r.applied.length ? `applied: ${r.applied.join(", ")}` : `up to date (${r.all.length} migrations)`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
