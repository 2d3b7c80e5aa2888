// One Postgres connection of its own, outside Prisma's pool, for state that lives in a SESSION:
// advisory locks (lib/db/advisory-locks.ts) and the shared Conditional Access pace
// (lib/graph/postgres-pace-store.ts). Why not a pooled connection: a session lock must be released
// on the connection that took it, and a pool hands out any connection; and Postgres releases a
// session's locks when its connection ends, so a killed process never leaves one behind.
//
// Queries run in the order they were made (callers rely on it: a release made before an acquire
// runs before it): one at a time by default, or pipelined (sent at once, run in turn by Postgres)
// for a connection many callers share at a high rate. When the connection is lost, `generation`
// moves on, so a holder can tell that what it took on the old connection is gone; the next query
// opens a new one.
import pg from "pg";

export interface DedicatedConnectionOptions {
  databaseUrl: string;
  /** Shown in pg_stat_activity (and how tests find the connection). */
  applicationName: string;
  /** Told when the connection failed or ended by itself (not after `close()`): what it held is gone. */
  onLost?: (err: Error | undefined) => void;
  /** Gives up on a query after this long (pg's client-side timeout); the caller should then `drop()`. */
  queryTimeoutMs?: number;
  /** Gives up connecting after this long. */
  connectTimeoutMs?: number;
  /**
   * Send each query at once instead of after the previous answer (pg's pipeline mode): Postgres
   * still runs them one after the other, in order, each in its own implicit transaction. For a
   * connection many callers use at once (the shared pace: every CA request of a worker fixing 200
   * tenants), where waiting for each answer before sending the next made callers queue behind
   * each other's round trips and event-loop turns.
   */
  pipeline?: boolean;
}

export class DedicatedConnection {
  private client: Promise<pg.Client> | null = null;
  private gen = 0;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DedicatedConnectionOptions) {}

  /** Moves on each time the connection is lost, dropped or closed. */
  get generation(): number {
    return this.gen;
  }

  /** True while the connection of `generation` is still the open one. */
  isOpen(generation: number): boolean {
    return generation === this.gen && this.client !== null;
  }

  /**
   * Runs (in Postgres) after every query made before it; `generation` is that of the connection it
   * ran on. The parameters may depend on that connection (e.g. "unlock only if the lock was taken
   * on it").
   */
  query<R extends pg.QueryResultRow>(
    sql: string | { name: string; text: string },
    params: unknown[] | ((generation: number) => unknown[]),
  ): Promise<{ rows: R[]; generation: number }> {
    const run = async () => {
      const generation = this.gen;
      const client = await this.connection(); // the connection of `generation`: made now if there was none
      const values = typeof params === "function" ? params(generation) : params;
      // A named statement is parsed once per connection (pg remembers which it prepared).
      const { rows } = await client.query<R>(typeof sql === "string" ? { text: sql, values } : { ...sql, values });
      return { rows, generation };
    };
    // Pipelined: sent at once, in call order (callers awaiting one connection resume in order).
    const next = this.options.pipeline ? run() : this.turn.then(run);
    this.turn = next.catch(() => undefined);
    return next;
  }

  /** Forgets the connection and ends it (after a timeout its state is unknown); Postgres releases what it held. */
  drop(): void {
    const client = this.client;
    if (!client) return;
    this.forget();
    void client.then((c) => c.end()).catch(() => undefined);
  }

  /** Ends the connection once the queries already made have run (a release queued last is kept), or after `graceMs`. */
  async close(graceMs = 1_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.turn, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    const client = this.client;
    this.forget();
    const open = await client?.catch(() => null);
    if (!open) return;
    socketOf(open)?.ref?.(); // the goodbye must finish even if nothing else keeps the process alive
    await open.end().catch(() => undefined);
  }

  private forget() {
    this.client = null;
    this.gen += 1;
  }

  /** The connection `which` failed or ended by itself; ignored once it is no longer the current one. */
  private lost(which: Promise<pg.Client>, err: Error | undefined) {
    if (this.client !== which) return; // dropped or closed on purpose, or already replaced
    this.forget();
    this.options.onLost?.(err);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    // keepAlive: a dead peer (a failed-over server) is noticed, and with it the loss of what it held.
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName,
      keepAlive: true,
      query_timeout: this.options.queryTimeoutMs,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      pipeline: this.options.pipeline,
    });
    const opening = client.connect().then(
      () => {
        // An idle dedicated connection must not keep a finished process (a script, a test) alive.
        socketOf(client)?.unref?.();
        return client;
      },
      (err: unknown) => {
        if (this.client === opening) this.client = null;
        throw err;
      },
    );
    client.on("error", (err) => this.lost(opening, err));
    client.on("end", () => this.lost(opening, undefined));
    this.client = opening;
    return opening;
  }
}

function socketOf(client: pg.Client): { ref?: () => void; unref?: () => void } | undefined {
  return (client as unknown as { connection?: { stream?: { ref?: () => void; unref?: () => void } } }).connection?.stream;
}
