-- The guard's modes, auto-fix, "leave alone" and alerts (lib/guard); rollbacks (lib/runs/rollback.ts).
ALTER TABLE "CustomerTenant" ADD COLUMN "autoFixFailures" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "autoFixStoppedAt" TIMESTAMP(3),
  ADD COLUMN "autoFixStoppedReason" TEXT;

ALTER TABLE "TenantGroup" ADD COLUMN "guardMode" TEXT NOT NULL DEFAULT 'alert',
  ADD COLUMN "guardModeSetById" UUID,
  ADD COLUMN "guardModeSetByUpn" TEXT,
  ADD COLUMN "guardModeSetAt" TIMESTAMP(3);
ALTER TABLE "TenantGroup" ADD CONSTRAINT "TenantGroup_guardMode_check" CHECK ("guardMode" IN ('off', 'alert', 'auto-fix'));

ALTER TABLE "PortalSettings" ADD COLUMN "guardMode" TEXT NOT NULL DEFAULT 'alert',
  ADD COLUMN "guardModeSetById" UUID,
  ADD COLUMN "guardModeSetByUpn" TEXT,
  ADD COLUMN "guardModeSetAt" TIMESTAMP(3);
ALTER TABLE "PortalSettings" ADD CONSTRAINT "PortalSettings_guardMode_check" CHECK ("guardMode" IN ('off', 'alert', 'auto-fix'));

CREATE TABLE "PolicyLeaveAlone" (
    "tenantId" UUID NOT NULL,
    "policyId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "markedById" UUID,
    "markedByUpn" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PolicyLeaveAlone_pkey" PRIMARY KEY ("tenantId", "policyId")
);

CREATE TABLE "AlertDestination" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT,
    "smtp" JSONB,
    "secretSealed" BYTEA,
    "eventTypes" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByUpn" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "AlertDestination_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AlertDestination_kind_check" CHECK ("kind" IN ('webhook', 'teams', 'email'))
);
CREATE UNIQUE INDEX "AlertDestination_name_key" ON "AlertDestination"("name");

CREATE TABLE "AlertDelivery" (
    "id" UUID NOT NULL,
    "destinationId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptAt" TIMESTAMPTZ(6),
    "lastResponse" TEXT,
    "lastError" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "subject" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "eventIds" UUID[],
    "tenantIds" UUID[],
    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AlertDelivery_status_check" CHECK ("status" IN ('pending', 'sending', 'delivered', 'failed'))
);
CREATE INDEX "AlertDelivery_status_nextAttemptAt_idx" ON "AlertDelivery"("status", "nextAttemptAt");
CREATE INDEX "AlertDelivery_destinationId_createdAt_idx" ON "AlertDelivery"("destinationId", "createdAt");
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "AlertDestination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "RemediationRun" ADD COLUMN "undoesRunId" UUID;
CREATE INDEX "RemediationRun_undoesRunId_idx" ON "RemediationRun"("undoesRunId");

CREATE TABLE "TenantDay" (
    "day" DATE NOT NULL,
    "tenantId" UUID NOT NULL,
    "standing" TEXT NOT NULL,
    "gdapExpiring" BOOLEAN NOT NULL,
    CONSTRAINT "TenantDay_pkey" PRIMARY KEY ("day", "tenantId"),
    CONSTRAINT "TenantDay_standing_check" CHECK ("standing" IN ('protected', 'needs-fix', 'unreachable'))
);
CREATE INDEX "TenantDay_tenantId_day_idx" ON "TenantDay"("tenantId", "day");
