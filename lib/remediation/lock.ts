// One engine at a time per tenant. Two workers (or a double-clicked "Fix all") must never fix the
// same tenant at once: both would re-read, both would plan a PATCH, both would write and record it.
//
// How: a Postgres advisory lock keyed on the tenant, taken with pg_try_advisory_xact_lock inside a
// transaction that does nothing else and stays open while the engine works. Why this shape:
// - The history rows must NOT be written inside that transaction: a `pending` row has to be
//   committed (visible, durable) before its PATCH is sent, so a crash leaves it behind for
//   reconciliation. They are written through the ordinary client, on other pooled connections;
//   the transaction only holds the lock.
// - A transaction-scoped lock is released by Postgres itself on commit, rollback, or when the
//   connection dies: a killed worker cannot leave a tenant locked.
// - Two int4 keys (a fixed namespace and hashtext(tenant id)) keep it apart from Prisma's migration
//   lock and pg-boss's own advisory locks, which use the single-bigint form. Two tenants whose ids
//   hash alike merely wait for each other.
// - "try", not a blocking wait: a blocked waiter would hold a pooled connection doing nothing. The
//   caller decides to wait (polling until `waitMs`) or to report the tenant busy at once.
// Each tenant being fixed holds one pooled connection for its duration, so a process should not
// fix more tenants concurrently than its pool has connections minus a few.
import type { PrismaClient } from "../db/generated/client";

/** "MSPR": the namespace of the portal's per-tenant remediation locks. */
export const TENANT_LOCK_NAMESPACE = 0x4d535052;

/** How long the lock-holding transaction may stay open (Prisma rolls it back, releasing the lock, after this). */
const LOCK_HOLD_MS = 60 * 60 * 1000;

export class TenantBusyError extends Error {
  constructor(readonly tenantId: string) {
    super(`Another remediation is already running for tenant ${tenantId}; nothing was changed. Try again when it has finished.`);
    this.name = "TenantBusyError";
  }
}

export interface TenantLockOptions {
  /** Keep trying for this long before giving up with TenantBusyError (default 0: try once). */
  waitMs?: number;
}

export async function withTenantLock<T>(
  prisma: PrismaClient,
  tenantId: string,
  work: () => Promise<T>,
  options: TenantLockOptions = {},
): Promise<T> {
  const key = tenantId.toLowerCase();
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const outcome = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${TENANT_LOCK_NAMESPACE}::int4, hashtext(${key})) as locked`;
        if (rows[0]?.locked !== true) return { acquired: false as const };
        return { acquired: true as const, value: await work() };
      },
      { maxWait: 30_000, timeout: LOCK_HOLD_MS },
    );
    if (outcome.acquired) return outcome.value;
    const left = deadline - Date.now();
    if (left <= 0) throw new TenantBusyError(tenantId);
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, left)));
  }
}
