// Session-level Postgres advisory locks, all held on ONE dedicated connection per process and
// database. Why this shape (instead of a transaction per lock):
// - A bulk run fixes hundreds of tenants at once from one worker; a lock that pins a pooled
//   connection per tenant would need hundreds of connections. Here any number of locks costs one.
// - Postgres releases a session's locks when its connection ends, so a killed worker (SIGKILL, a
//   lost machine) cannot leave a tenant locked: the next worker takes it at once.
// - Session locks are re-entrant for the session that holds them, and every caller in this process
//   shares that session, so exclusivity inside the process is kept by the `held` set.
// If the connection drops while the process lives, its locks are gone: the session marks them lost,
// and `stillHeld` lets the engine notice before its next write.
import pg from "pg";
import { log } from "../log";

/** Two int4 keys: a namespace and hashtext(key), apart from Prisma's and pg-boss's single-bigint locks. */
export interface LockKey {
  namespace: number;
  key: string;
}

const id = (k: LockKey) => `${k.namespace}|${k.key}`;

export class AdvisoryLockSession {
  private client: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();
  /** Bumped each time the connection is lost, so a holder can tell its lock did not survive. */
  private generation = 0;
  /** One query at a time on the connection (pg deprecates overlapping queries on one client). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly databaseUrl: string) {}

  /** Takes the lock if nobody (here or in another process) holds it; never waits. */
  async tryLock(k: LockKey): Promise<{ generation: number } | null> {
    const name = id(k);
    if (this.held.has(name)) return null;
    this.held.add(name); // claimed before the await, so a concurrent caller here sees it taken
    const claimedIn = this.generation;
    try {
      const { rows, generation } = await this.query<{ locked: boolean }>("select pg_try_advisory_lock($1::int4, hashtext($2)) as locked", [k.namespace, k.key]);
      if (rows[0]?.locked !== true) {
        this.held.delete(name);
        return null;
      }
      if (generation !== claimedIn) {
        // The connection was replaced while this waited: `held` was cleared meanwhile, so another
        // caller here may hold the same key on the new (re-entrant) session. Give it back; retry.
        await this.query("select pg_advisory_unlock($1::int4, hashtext($2))", [k.namespace, k.key]).catch(() => undefined);
        return null;
      }
      return { generation };
    } catch (err) {
      this.held.delete(name);
      throw err;
    }
  }

  async unlock(k: LockKey, generation: number): Promise<void> {
    if (generation !== this.generation) return; // lost with its connection already (and maybe taken anew since)
    const name = id(k);
    if (!this.held.delete(name)) return;
    try {
      await this.query("select pg_advisory_unlock($1::int4, hashtext($2))", [k.namespace, k.key]);
    } catch (err) {
      // The connection is gone, and the lock with it.
      log().warn({ err, lock: name }, "advisory unlock failed; the lock ended with its connection");
    }
  }

  /** False once the connection that took the lock has been lost. */
  stillHeld(generation: number): boolean {
    return generation === this.generation && this.client !== null;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.dropConnection();
    if (client) await (await client.catch(() => null))?.end().catch(() => undefined);
  }

  private query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<{ rows: R[]; generation: number }> {
    const next = this.turn.then(async () => {
      const client = await this.connection();
      const generation = this.generation;
      const { rows } = await client.query<R>(sql, params);
      return { rows, generation };
    });
    this.turn = next.catch(() => undefined);
    return next;
  }

  private dropConnection() {
    this.client = null;
    this.held.clear();
    this.generation += 1;
  }

  private connection(): Promise<pg.Client> {
    this.client ??= (async () => {
      // keepAlive: a dead peer (a failed-over server) is noticed, and with it the locks' loss.
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "portal-locks", keepAlive: true });
      client.on("error", (err) => {
        log().error({ err }, "the lock connection failed; its advisory locks are released");
        if (this.client) this.dropConnection();
      });
      client.on("end", () => {
        if (this.client) this.dropConnection();
      });
      try {
        await client.connect();
      } catch (err) {
        this.client = null;
        throw err;
      }
      // An idle lock connection must not keep a finished process (a script, a test) alive.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      return client;
    })();
    return this.client;
  }
}

const holder = globalThis as unknown as { __portalLockSessions?: Map<string, AdvisoryLockSession> };

/** The process's lock session for a database (one connection however many locks). */
export function lockSessionFor(databaseUrl: string): AdvisoryLockSession {
  holder.__portalLockSessions ??= new Map();
  let session = holder.__portalLockSessions.get(databaseUrl);
  if (!session) holder.__portalLockSessions.set(databaseUrl, (session = new AdvisoryLockSession(databaseUrl)));
  return session;
}

/** Ends the lock session for one database (before a test drops it). */
export async function closeLockSession(databaseUrl: string): Promise<void> {
  const session = holder.__portalLockSessions?.get(databaseUrl);
  holder.__portalLockSessions?.delete(databaseUrl);
  await session?.close();
}

/** Ends every lock session of this process (a worker's shutdown). */
export async function closeLockSessions(): Promise<void> {
  const sessions = [...(holder.__portalLockSessions?.values() ?? [])];
  holder.__portalLockSessions?.clear();
  await Promise.all(sessions.map((s) => s.close()));
}
