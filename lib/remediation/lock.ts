// One engine at a time per tenant. Two workers (or a double-clicked "Fix all") must never fix the
// same tenant at once: both would re-read, both would plan a PATCH, both would write and record it.
//
// How: a session-level Postgres advisory lock keyed on the tenant, on the process's one lock
// connection (lib/db/advisory-locks.ts). Why this shape:
// - The history rows are written through the ordinary client, never inside a lock transaction: a
//   `pending` row has to be committed (visible, durable) before its PATCH is sent, so a crash leaves
//   it behind for reconciliation.
// - A killed worker's connection dies and Postgres releases its locks: no tenant stays locked.
// - Holding a lock costs no pooled connection, so a worker can fix hundreds of tenants at once.
// - Two int4 keys (a fixed namespace and hashtext(tenant id)) keep it apart from Prisma's migration
//   lock and pg-boss's own advisory locks, which use the single-bigint form. Two tenants whose ids
//   hash alike merely wait for each other.
// - "try", not a blocking wait: the caller decides to wait (polling until `waitMs`) or to report the
//   tenant busy at once.
import { lockSessionFor } from "../db/advisory-locks";
import { databaseUrlOf } from "../db/client";
import type { PrismaClient } from "../db/generated/client";

/** "MSPR": the namespace of the portal's per-tenant remediation locks. */
export const TENANT_LOCK_NAMESPACE = 0x4d535052;

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

/** Handed to the work: false once the lock was lost with its connection (write nothing more then). */
export interface HeldLock {
  stillHeld(): boolean;
}

export async function withTenantLock<T>(
  prisma: PrismaClient,
  tenantId: string,
  work: (lock: HeldLock) => Promise<T>,
  options: TenantLockOptions = {},
): Promise<T> {
  const session = lockSessionFor(databaseUrlOf(prisma));
  const key = { namespace: TENANT_LOCK_NAMESPACE, key: tenantId.toLowerCase() };
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const taken = await session.tryLock(key);
    if (taken) {
      try {
        return await work({ stillHeld: () => session.stillHeld(taken.generation) });
      } finally {
        await session.unlock(key, taken.generation);
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new TenantBusyError(tenantId);
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, left)));
  }
}
