-- CreateEnum
CREATE TYPE "PortalRole" AS ENUM ('reader', 'operator', 'admin');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ChangeResult" AS ENUM ('pending', 'applied', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "PartnerSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "partnerTenantId" UUID,
    "serviceAccountId" UUID,
    "serviceAccountUpn" TEXT,
    "dedicatedPolicyName" TEXT NOT NULL DEFAULT 'CIPP Service Account Conditional Access Policy',
    "dedicatedPolicyId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByUpn" TEXT,

    CONSTRAINT "PartnerSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortalUser" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "objectId" UUID NOT NULL,
    "upn" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "PortalRole" NOT NULL DEFAULT 'reader',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMP(3),

    CONSTRAINT "PortalUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerTenant" (
    "id" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "defaultDomain" TEXT,
    "gdapStatus" TEXT,
    "gdapRoles" TEXT[],
    "gdapEndsAt" TIMESTAMP(3),
    "accessHealth" TEXT,
    "accessReason" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "lastSyncError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerTenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicySnapshot" (
    "tenantId" UUID NOT NULL,
    "policyId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "modifiedDateTime" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicySnapshot_pkey" PRIMARY KEY ("tenantId","policyId")
);

-- CreateTable
CREATE TABLE "RemediationRun" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "requestedById" UUID,
    "requestedByUpn" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RemediationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemediationChange" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "policyId" TEXT,
    "policyName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "plannedOutcome" TEXT NOT NULL,
    "result" "ChangeResult" NOT NULL DEFAULT 'pending',
    "reason" TEXT NOT NULL,
    "warnings" TEXT[],
    "before" JSONB,
    "requestMethod" TEXT,
    "requestPath" TEXT,
    "requestBody" JSONB,
    "after" JSONB,
    "graphStatus" INTEGER,
    "graphRequestId" TEXT,
    "graphClientRequestId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RemediationChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUpn" TEXT,
    "actorObjectId" UUID,
    "actorTenantId" UUID,
    "action" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "targetTenantId" UUID,
    "targetId" TEXT,
    "detail" JSONB,
    "ip" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PortalUser_tenantId_objectId_key" ON "PortalUser"("tenantId", "objectId");

-- CreateIndex
CREATE INDEX "RemediationRun_createdAt_idx" ON "RemediationRun"("createdAt");

-- CreateIndex
CREATE INDEX "RemediationChange_tenantId_createdAt_idx" ON "RemediationChange"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "RemediationChange_runId_idx" ON "RemediationChange"("runId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "PolicySnapshot" ADD CONSTRAINT "PolicySnapshot_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "CustomerTenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationRun" ADD CONSTRAINT "RemediationRun_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "PortalUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationChange" ADD CONSTRAINT "RemediationChange_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RemediationRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- History is append-only (not expressible in the Prisma schema, so kept here by hand).
-- A change row is written `pending` before its request is sent and finished exactly once; after
-- that nothing may alter it. What was planned and sent never changes, only the outcome is added.
CREATE FUNCTION "history_guard_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'history is append-only: % on "RemediationChange" is not allowed', TG_OP;
  END IF;
  IF OLD."result" <> 'pending' THEN
    RAISE EXCEPTION 'history is append-only: change % is already finished (%)', OLD."id", OLD."result";
  END IF;
  IF NEW."id" <> OLD."id" OR NEW."runId" <> OLD."runId" OR NEW."tenantId" <> OLD."tenantId"
     OR NEW."policyId" IS DISTINCT FROM OLD."policyId" OR NEW."action" <> OLD."action"
     OR NEW."createdAt" <> OLD."createdAt" OR NEW."before" IS DISTINCT FROM OLD."before"
     OR NEW."requestMethod" IS DISTINCT FROM OLD."requestMethod" OR NEW."requestPath" IS DISTINCT FROM OLD."requestPath"
     OR NEW."requestBody" IS DISTINCT FROM OLD."requestBody" THEN
    RAISE EXCEPTION 'history is append-only: only the outcome of change % may be recorded', OLD."id";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "RemediationChange_append_only" BEFORE UPDATE OR DELETE ON "RemediationChange"
  FOR EACH ROW EXECUTE FUNCTION "history_guard_change"();
CREATE TRIGGER "RemediationChange_no_truncate" BEFORE TRUNCATE ON "RemediationChange"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_guard_change"();

-- A run may move forward while it works; once it has ended it is history.
CREATE FUNCTION "history_guard_run"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'history is append-only: % on "RemediationRun" is not allowed', TG_OP;
  END IF;
  IF OLD."status" IN ('completed', 'failed', 'cancelled') THEN
    RAISE EXCEPTION 'history is append-only: run % has ended (%)', OLD."id", OLD."status";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "RemediationRun_append_only" BEFORE UPDATE OR DELETE ON "RemediationRun"
  FOR EACH ROW EXECUTE FUNCTION "history_guard_run"();
CREATE TRIGGER "RemediationRun_no_truncate" BEFORE TRUNCATE ON "RemediationRun"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_guard_run"();

CREATE FUNCTION "history_guard_audit"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is insert-only: % on "AuditEvent" is not allowed', TG_OP;
END $$;

CREATE TRIGGER "AuditEvent_insert_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "history_guard_audit"();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_guard_audit"();
