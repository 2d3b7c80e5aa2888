// Session-level Postgres advisory locks, all held on ONE dedicated connection per process and
// database. Why this shape (instead of a transaction per lock):
// - A bulk run fixes hundreds of tenants at once from one worker; a lock that pins a pooled
//   connection per tenant would need hundreds of connections. Here any number of locks costs one.
// - Postgres releases a session's locks when its connection ends, so a killed worker (SIGKILL, a
//   lost machine) cannot leave a tenant locked: the next worker takes it at once.
// - Session locks are re-entrant for the session that holds them, and every caller in this process
//   shares that session, so exclusivity inside the process is kept by the `held` set.
// If the connection drops while the process lives, its locks are gone: the session marks them lost,
// and `stillHeld` lets the engine notice before its next write. The connection itself (one query at
// a time, reconnect, generations) is lib/db/dedicated-connection.ts.
import { log } from "../log";
import { DedicatedConnection } from "./dedicated-connection";

/** Two int4 keys: a namespace and hashtext(key), apart from Prisma's and pg-boss's single-bigint locks. */
export interface LockKey {
  namespace: number;
  key: string;
}

const id = (k: LockKey) => `${k.namespace}|${k.key}`;

export class AdvisoryLockSession {
  private readonly connection: DedicatedConnection;
  private readonly held = new Set<string>();

  constructor(databaseUrl: string) {
    this.connection = new DedicatedConnection({
      databaseUrl,
      applicationName: "portal-locks",
      onLost: (err) => {
        if (err) log().error({ err }, "the lock connection failed; its advisory locks are released");
        this.held.clear();
      },
    });
  }

  /** Takes the lock if nobody (here or in another process) holds it; never waits. */
  async tryLock(k: LockKey): Promise<{ generation: number } | null> {
    const name = id(k);
    if (this.held.has(name)) return null;
    this.held.add(name); // claimed before the await, so a concurrent caller here sees it taken
    const claimedIn = this.connection.generation;
    try {
      const { rows, generation } = await this.connection.query<{ locked: boolean }>("select pg_try_advisory_lock($1::int4, hashtext($2)) as locked", [
        k.namespace,
        k.key,
      ]);
      if (rows[0]?.locked !== true) {
        this.held.delete(name);
        return null;
      }
      if (generation !== claimedIn) {
        // The connection was replaced while this waited: `held` was cleared meanwhile, so another
        // caller here may hold the same key on the new (re-entrant) session. Give it back; retry.
        await this.connection.query("select pg_advisory_unlock($1::int4, hashtext($2))", [k.namespace, k.key]).catch(() => undefined);
        return null;
      }
      return { generation };
    } catch (err) {
      this.held.delete(name);
      throw err;
    }
  }

  async unlock(k: LockKey, generation: number): Promise<void> {
    if (generation !== this.connection.generation) return; // lost with its connection already (and maybe taken anew since)
    const name = id(k);
    if (!this.held.delete(name)) return;
    try {
      await this.connection.query("select pg_advisory_unlock($1::int4, hashtext($2))", [k.namespace, k.key]);
    } catch (err) {
      // The connection is gone, and the lock with it.
      log().warn({ err, lock: name }, "advisory unlock failed; the lock ended with its connection");
    }
  }

  /** False once the connection that took the lock has been lost. */
  stillHeld(generation: number): boolean {
    return this.connection.isOpen(generation);
  }

  async close(): Promise<void> {
    this.held.clear();
    await this.connection.close();
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
