// The shared Conditional Access pace (shared-pace.ts) kept in Postgres, the one component every
// process of the portal already reaches. Two round trips per request:
//
// - acquire: take the tenant's session-level advisory lock (at most one holder per tenant across
//   processes; Postgres releases it when the holder's connection ends, so a SIGKILLed worker never
//   blocks a tenant) and, only if taken, read and advance the tenant's "not before" (TenantCaPace).
//   It answers how long to wait: not before minus now, both on the DATABASE clock (workers on other
//   machines may have skewed clocks; only the length of the wait leaves the database). It also marks
//   the request in flight (not before = send time + interval), so that should the holder die with
//   its request in flight, the next one still keeps its distance from that request.
// - release: not before = now + interval (the answer is in), then give the lock back.
//
// Ordering is what makes this safe. A session lock is released at once, but the row written in the
// same statement only at commit; a waiter could take the lock in between. It reads the row with
// INSERT ... ON CONFLICT DO UPDATE, which waits for the releasing transaction's row lock and then
// updates the latest committed version (Postgres, READ COMMITTED: "INSERT with an ON CONFLICT DO
// UPDATE clause ... the UPDATE clause will affect that row, even though possibly no version of that
// row is conventionally visible to the command", Transaction Isolation), so it never reads a stale
// "not before". In the release, the unlock is evaluated over an aggregate of the upsert, so the row
// is written (and locked) before the lock is let go.
//
// A dedicated connection (not Prisma's pool, and not the tenant locks' one): session locks must be
// released on the connection that took them, and this is on the path of every Conditional Access
// request, so it never queues behind tenant-lock or application queries.
import { DedicatedConnection } from "../db/dedicated-connection";
import { log } from "../log";
import { SharedPace, type PaceStore, type PaceTurn } from "./shared-pace";

/** "MSPC": the namespace of the per-tenant Conditional Access pace locks (beside lib/remediation's "MSPR"). */
export const PACE_LOCK_NAMESPACE = 0x4d535043;

/** A query slower than this means the database is in trouble: pace in this process for a while. */
const QUERY_TIMEOUT_MS = 5_000;

const after = "make_interval(secs => $3::float8 / 1000)";

const ACQUIRE = `with gate as (select pg_try_advisory_lock($1::int4, hashtext($2::text)) as taken)
insert into "TenantCaPace" as pace ("tenantId", "notBefore")
select $2::text, clock_timestamp() + ${after} from gate where taken
on conflict ("tenantId") do update set "notBefore" = greatest(pace."notBefore", clock_timestamp()) + ${after}
returning greatest(0, extract(epoch from pace."notBefore" - clock_timestamp()) * 1000 - $3::float8)::float8 as "waitMs"`;

// $4: whether the lock was taken on this connection. If it went with an earlier connection, the
// answer is still recorded, but nothing is unlocked: on this session the same key (another tenant
// whose id hashes alike) may be held by someone else here.
const RELEASE = `with answered as (
  insert into "TenantCaPace" as pace ("tenantId", "notBefore") values ($2::text, clock_timestamp() + ${after})
  on conflict ("tenantId") do update set "notBefore" = greatest(pace."notBefore", excluded."notBefore")
  returning 1
)
select case when $4::boolean then pg_advisory_unlock($1::int4, hashtext($2::text)) else false end as released
from (select count(*) from answered) as written`;

export class PostgresPaceStore implements PaceStore {
  private readonly connection: DedicatedConnection;

  constructor(databaseUrl: string, options: { queryTimeoutMs?: number } = {}) {
    const timeoutMs = options.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
    // Losing the connection loses its locks: nothing to clean up here, the next query reconnects.
    this.connection = new DedicatedConnection({
      databaseUrl,
      applicationName: "portal-pace",
      queryTimeoutMs: timeoutMs,
      connectTimeoutMs: timeoutMs,
      // A worker fixing 200 tenants asks for turns all the time: none waits for another's answer.
      pipeline: true,
    });
  }

  async tryAcquire(tenantId: string, intervalMs: number): Promise<PaceTurn | null> {
    try {
      const { rows, generation } = await this.connection.query<{ waitMs: number }>(ACQUIRE, [PACE_LOCK_NAMESPACE, tenantId, intervalMs]);
      const row = rows[0];
      return row ? { waitMs: Number(row.waitMs), hold: generation } : null;
    } catch (err) {
      // A timeout leaves the statement's outcome (a lock taken?) unknown: start afresh.
      this.connection.drop();
      throw err;
    }
  }

  async release(tenantId: string, intervalMs: number, hold: number): Promise<void> {
    try {
      // Decided when the query runs: the lock is on the connection that took it, or gone with it.
      await this.connection.query(RELEASE, (generation) => [PACE_LOCK_NAMESPACE, tenantId, intervalMs, generation === hold]);
    } catch (err) {
      this.connection.drop(); // and the lock with it
      throw err;
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

const holder = globalThis as unknown as { __sharedPaces?: Map<string, SharedPace> };

/** The process's shared pace on a database (one connection for every tenant). */
export function sharedPaceFor(databaseUrl: string): SharedPace {
  holder.__sharedPaces ??= new Map();
  let pace = holder.__sharedPaces.get(databaseUrl);
  if (!pace) holder.__sharedPaces.set(databaseUrl, (pace = new SharedPace(new PostgresPaceStore(databaseUrl), { log: log() })));
  return pace;
}

/** Ends the shared pace's connection to one database (before a test drops it). */
export async function closeSharedPace(databaseUrl: string): Promise<void> {
  const pace = holder.__sharedPaces?.get(databaseUrl);
  holder.__sharedPaces?.delete(databaseUrl);
  await pace?.close();
}

/** Ends every shared pace connection of this process (a worker's shutdown). */
export async function closeSharedPaces(): Promise<void> {
  const paces = [...(holder.__sharedPaces?.values() ?? [])];
  holder.__sharedPaces?.clear();
  await Promise.all(paces.map((p) => p.close()));
}
