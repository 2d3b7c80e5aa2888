// One row per security-relevant event: sign-ins and refusals, denied actions, settings changes.
// The table is insert-only (a database trigger refuses UPDATE, DELETE and TRUNCATE).
import type { PrismaClient } from "../db/generated/client";
import type { Prisma } from "../db/generated/client";

export interface AuditActor {
  upn?: string | null;
  objectId?: string | null;
  tenantId?: string | null;
}

export interface AuditInput {
  action: string;
  result: "success" | "denied" | "failed";
  actor?: AuditActor | null;
  targetTenantId?: string | null;
  targetId?: string | null;
  detail?: Prisma.InputJsonValue;
  ip?: string | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A denied request may carry anything as a "tenant id"; keep it as text in detail, never cast it.
const guidOrNull = (v: string | null | undefined) => (v && GUID.test(v) ? v : null);

export async function recordAudit(prisma: PrismaClient, e: AuditInput): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      action: e.action,
      result: e.result,
      actorUpn: e.actor?.upn ?? null,
      actorObjectId: guidOrNull(e.actor?.objectId),
      actorTenantId: guidOrNull(e.actor?.tenantId),
      targetTenantId: guidOrNull(e.targetTenantId),
      targetId: e.targetId ?? (e.targetTenantId && !guidOrNull(e.targetTenantId) ? String(e.targetTenantId).slice(0, 200) : null),
      detail: e.detail,
      ip: e.ip ?? null,
    },
  });
}
