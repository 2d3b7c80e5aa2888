-- Honest audit and "GDAP ended means no writes" (issue 14).
--
-- - CustomerTenant: an admin may allow writes with the portal's app-only access to a tenant whose
--   GDAP is not active (when, and who); without it nothing is written to such a tenant.
-- - AuditFailureWindow: unauthenticated failures are counted per minute, action, address and
--   reason; the first of each writes one (insert-only) audit row, the rest only add to the count.
-- - AuditEvent gets an index for the audit page's action filter.

ALTER TABLE "CustomerTenant"
  ADD COLUMN "appOnlyWritesAllowedAt" TIMESTAMP(3),
  ADD COLUMN "appOnlyWritesAllowedByUpn" TEXT;

CREATE TABLE "AuditFailureWindow" (
    "windowStart" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "auditEventId" BIGINT NOT NULL,

    CONSTRAINT "AuditFailureWindow_pkey" PRIMARY KEY ("windowStart","action","ip","reason")
);

CREATE UNIQUE INDEX "AuditFailureWindow_auditEventId_key" ON "AuditFailureWindow"("auditEventId");

ALTER TABLE "AuditFailureWindow" ADD CONSTRAINT "AuditFailureWindow_auditEventId_fkey" FOREIGN KEY ("auditEventId") REFERENCES "AuditEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");
