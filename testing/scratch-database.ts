// A new, empty database on a server (tests and the bulk benchmark), migrated unless told not to,
// and dropped (with its connections and this process's lock session, shared pace and run queue) when done.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeLockSession } from "@/lib/db/advisory-locks";
import { closeSharedPace } from "@/lib/graph/postgres-pace-store";
import { applyMigrations } from "@/lib/db/migrate";
import { closeRunQueue } from "@/lib/runs/queue";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function run(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `<prefix>_<random>` on the server `serverUrl` reaches. */
export async function scratchDatabase(serverUrl: string, prefix: string, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await run(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (opts.migrate !== false) await applyMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      // This process's own connections first: the drop below ends any left, which their pools report as errors.
      await Promise.all([closeLockSession(url.toString()), closeSharedPace(url.toString()), closeRunQueue(url.toString())]);
      await run(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}
