// A working job proves it is alive by refreshing its row every few seconds; the recovery sweep
// re-sends the work of rows whose heartbeat stopped (recovery.ts).
import type { PrismaClient } from "../db/generated/client";

/** A tenant row a job of this process works on: a fix (`running`, `attempts`) or a preview's read (`reading`, `readAttempts`). */
export interface HeldClaim {
  kind: "fix" | "read";
  runId: string;
  tenantId: string;
  attempt: number;
}

/**
 * Every tenant row this process works on proves it is alive in one statement per beat, not one per
 * row: a worker fixing 500 tenants at once sent 500 updates and as many reads of the database's
 * clock every 3 s, an eighth of all its statements (bench:bulk at 2,000 tenants, Postgres's
 * statement log). Each update is conditional on the row still being the claim's (its status and
 * attempt), so a beat that lands after the job's last update, or after another attempt took the
 * row over, changes nothing. Written as UTC: the columns are `timestamp(3)` as Prisma keeps them,
 * whatever the session's time zone.
 */
class Heartbeats {
  private readonly held = new Map<string, { claim: HeldClaim; onError(error: unknown): void }>();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly everyMs: number,
  ) {}

  async hold<T>(claim: HeldClaim, work: () => Promise<T>, onError: (error: unknown) => void): Promise<T> {
    const key = `${claim.kind}:${claim.runId}:${claim.tenantId}:${claim.attempt}`;
    this.held.set(key, { claim, onError });
    this.timer ??= setInterval(() => this.beat(), this.everyMs);
    try {
      return await work();
    } finally {
      this.held.delete(key);
      if (this.held.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
      await this.beating; // a beat still in flight must not land after the caller's final update
    }
  }

  private beat() {
    const held = [...this.held.values()];
    const of = (kind: HeldClaim["kind"]) => held.filter((h) => h.claim.kind === kind).map((h) => h.claim);
    const [fixes, reads] = [of("fix"), of("read")];
    const column = <K extends keyof HeldClaim>(claims: HeldClaim[], key: K) => claims.map((c) => c[key]);
    this.beating = Promise.all([
      fixes.length === 0
        ? 0
        : this.prisma.$executeRaw`
          update "RunTenant" as t set "heartbeatAt" = now() at time zone 'UTC'
          from unnest(${column(fixes, "runId")}::uuid[], ${column(fixes, "tenantId")}::uuid[], ${column(fixes, "attempt")}::int4[]) as c(run, tenant, attempt)
          where t."runId" = c.run and t."tenantId" = c.tenant and t.status = 'running' and t.attempts = c.attempt`,
      reads.length === 0
        ? 0
        : this.prisma.$executeRaw`
          update "RunTenant" as t set "heartbeatAt" = now() at time zone 'UTC'
          from unnest(${column(reads, "runId")}::uuid[], ${column(reads, "tenantId")}::uuid[], ${column(reads, "attempt")}::int4[]) as c(run, tenant, attempt)
          where t."runId" = c.run and t."tenantId" = c.tenant and t.status = 'reading' and t."readAttempts" = c.attempt`,
    ]).then(
      () => undefined,
      (error: unknown) => {
        for (const h of held) h.onError(error);
      },
    );
  }
}

const processHeartbeats = new WeakMap<PrismaClient, Map<number, Heartbeats>>();

/**
 * Keeps the claim's row alive (heartbeatAt, the database's time) while `work` runs, beaten with
 * every other claim of this process on the same database every `everyMs`; errors of a beat are
 * reported to each claim's `onError`, not thrown.
 */
export function withHeartbeat<T>(
  prisma: PrismaClient,
  everyMs: number,
  claim: HeldClaim,
  work: () => Promise<T>,
  onError: (error: unknown) => void,
): Promise<T> {
  let byInterval = processHeartbeats.get(prisma);
  if (!byInterval) processHeartbeats.set(prisma, (byInterval = new Map()));
  let beats = byInterval.get(everyMs);
  if (!beats) byInterval.set(everyMs, (beats = new Heartbeats(prisma, everyMs)));
  return beats.hold(claim, work, onError);
}

/**
 * The database's clock. Heartbeats are written and judged with it, not with each worker's clock:
 * with workers on several machines, a skewed clock would make a live row look dead (and re-sent
 * while it is being fixed) or a dead one look alive.
 */
export async function dbNow(prisma: PrismaClient): Promise<Date> {
  const rows = await prisma.$queryRaw<{ now: Date }[]>`select now() as now`;
  const now = rows[0]?.now;
  if (!(now instanceof Date)) throw new Error("select now() returned no time");
  return now;
}
