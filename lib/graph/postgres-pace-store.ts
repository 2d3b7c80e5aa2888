// The shared Conditional Access pace (shared-pace.ts) kept in Postgres, the one component every
// process of the portal already reaches. Two statements per request, each batched with other tenants':
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

// Both statements take a batch: every call of this process made while the previous batch was on its
// way goes in the next one (one tenant at most once per batch, one interval per batch). A worker
// fixing 300 tenants asks for about 250 turns and gives back as many each second; one statement each
// was a quarter of all its statements (bench:bulk at 2,000 tenants, Postgres's statement log, 5 s:
// 2,501 of 9,834), and each statement costs a round trip in the worker and a parse in Postgres.
// Named, so Postgres parses and plans each once per connection.

// $2: the tenants. The gate is a CTE with a volatile function, so Postgres runs it once per input row
// and never inlines it; only the tenants whose lock was taken are written and returned.
const ACQUIRE = {
  name: "pace-acquire",
  text: `with gate as (
  select t."tenantId" from unnest($2::text[]) as t("tenantId") where pg_try_advisory_lock($1::int4, hashtext(t."tenantId"))
)
insert into "TenantCaPace" as pace ("tenantId", "notBefore")
select "tenantId", clock_timestamp() + ${after} from gate
on conflict ("tenantId") do update set "notBefore" = greatest(pace."notBefore", clock_timestamp()) + ${after}
returning pace."tenantId", greatest(0, extract(epoch from pace."notBefore" - clock_timestamp()) * 1000 - $3::float8)::float8 as "waitMs"`,
};

// $4: per tenant, whether its lock was taken on this connection. If it went with an earlier
// connection, the answer is still recorded, but nothing is unlocked: on this session the same key
// (another tenant whose id hashes alike) may be held by someone else here.
const RELEASE = {
  name: "pace-release",
  text: `with answered as (
  insert into "TenantCaPace" as pace ("tenantId", "notBefore")
  select t."tenantId", clock_timestamp() + ${after} from unnest($2::text[]) as t("tenantId")
  on conflict ("tenantId") do update set "notBefore" = greatest(pace."notBefore", excluded."notBefore")
  returning 1
)
select case when t.held then pg_advisory_unlock($1::int4, hashtext(t."tenantId")) else false end as released
from (select count(*) from answered) as written
cross join unnest($2::text[], $4::boolean[]) as t("tenantId", held)`,
};

interface Call {
  kind: "acquire" | "release";
  tenantId: string;
  intervalMs: number;
  /** release: the connection generation the turn was taken on. */
  hold: number;
  settle(result: PaceTurn | null, err?: unknown): void;
}

export class PostgresPaceStore implements PaceStore {
  private readonly connection: DedicatedConnection;
  private waiting: Call[] = [];
  private sending: Promise<void> | null = null;

  constructor(databaseUrl: string, options: { queryTimeoutMs?: number } = {}) {
    const timeoutMs = options.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
    // Losing the connection loses its locks: nothing to clean up here, the next query reconnects.
    this.connection = new DedicatedConnection({
      databaseUrl,
      applicationName: "portal-pace",
      queryTimeoutMs: timeoutMs,
      connectTimeoutMs: timeoutMs,
      // The batch's two statements go together: one round trip.
      pipeline: true,
    });
  }

  tryAcquire(tenantId: string, intervalMs: number): Promise<PaceTurn | null> {
    return this.call("acquire", tenantId, intervalMs, 0);
  }

  async release(tenantId: string, intervalMs: number, hold: number): Promise<void> {
    await this.call("release", tenantId, intervalMs, hold);
  }

  async close(): Promise<void> {
    await this.sending; // a release already asked for is kept
    return this.connection.close();
  }

  private call(kind: Call["kind"], tenantId: string, intervalMs: number, hold: number): Promise<PaceTurn | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ kind, tenantId, intervalMs, hold, settle: (result, err) => (err === undefined ? resolve(result) : reject(err)) });
      this.sending ??= this.sendAll();
    });
  }

  private async sendAll(): Promise<void> {
    while (this.waiting.length > 0) await this.send(this.nextBatch());
    this.sending = null;
  }

  /**
   * The calls that go now, in the order they were made: each tenant at most once (a statement may
   * not write one row twice) and one interval per statement; a tenant's later calls wait behind its
   * first, so its calls still run in the order they were made.
   */
  private nextBatch(): Call[] {
    const batch: Call[] = [];
    const later: Call[] = [];
    const seen = new Set<string>();
    const interval = new Map<Call["kind"], number>();
    for (const call of this.waiting) {
      const fits = !seen.has(call.tenantId) && (interval.get(call.kind) ?? call.intervalMs) === call.intervalMs;
      seen.add(call.tenantId);
      if (!fits) {
        later.push(call);
        continue;
      }
      interval.set(call.kind, call.intervalMs);
      batch.push(call);
    }
    this.waiting = later;
    return batch;
  }

  private async send(batch: Call[]): Promise<void> {
    const releases = batch.filter((c) => c.kind === "release");
    const acquires = batch.filter((c) => c.kind === "acquire");
    const tenants = (calls: Call[]) => calls.map((c) => c.tenantId);
    const sent: Promise<void>[] = [];
    if (releases.length > 0) {
      // Decided when the query runs: the lock is on the connection that took it, or gone with it.
      const query = this.connection.query(RELEASE, (generation) => [
        PACE_LOCK_NAMESPACE,
        tenants(releases),
        releases[0]!.intervalMs,
        releases.map((c) => c.hold === generation),
      ]);
      sent.push(
        query.then(
          () => releases.forEach((c) => c.settle(null)),
          (err: unknown) => this.failed(releases, err),
        ),
      );
    }
    if (acquires.length > 0) {
      const query = this.connection.query<{ tenantId: string; waitMs: number }>(ACQUIRE, [PACE_LOCK_NAMESPACE, tenants(acquires), acquires[0]!.intervalMs]);
      sent.push(
        query.then(
          ({ rows, generation }) => {
            const waits = new Map(rows.map((r) => [r.tenantId, Number(r.waitMs)]));
            for (const c of acquires) {
              const waitMs = waits.get(c.tenantId);
              c.settle(waitMs === undefined ? null : { waitMs, hold: generation });
            }
          },
          (err: unknown) => this.failed(acquires, err),
        ),
      );
    }
    await Promise.all(sent);
  }

  /** A timeout leaves the statement's outcome (a lock taken? given back?) unknown: start afresh, and the locks go with the connection. */
  private failed(calls: Call[], err: unknown) {
    this.connection.drop();
    for (const c of calls) c.settle(null, err ?? new Error("the shared pace's query failed"));
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
