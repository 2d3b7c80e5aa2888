-- The guard's foundation (lib/guard): the policy timeline (every distinct version of every policy),
-- the events the guard notices, what consumers of those events have handled, and the scheduled sweeps.
--
-- PolicyVersion, GuardEvent and GuardEventHandling are history: like RemediationChange and AuditEvent
-- (see the init migration) a trigger refuses UPDATE, DELETE and TRUNCATE, so no code path can rewrite
-- what was seen. GuardSweep is bookkeeping (its counters move while it runs) and is not guarded.
-- None of them has a foreign key to CustomerTenant: history outlives a tenant's row.

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "policyId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "state" TEXT,
    "policy" JSONB,
    "contentHash" TEXT NOT NULL,
    "modifiedDateTime" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenBy" TEXT NOT NULL,
    "sweepId" UUID,
    "runId" UUID,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuardEvent" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "policyId" TEXT,
    "policyName" TEXT,
    "properties" TEXT[],
    "summary" TEXT NOT NULL,
    "detail" JSONB,
    "beforeVersionId" UUID,
    "afterVersionId" UUID,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenBy" TEXT NOT NULL,
    "sweepId" UUID,
    "runId" UUID,

    CONSTRAINT "GuardEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuardEventHandling" (
    "eventId" UUID NOT NULL,
    "consumer" TEXT NOT NULL,
    "handledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,

    CONSTRAINT "GuardEventHandling_pkey" PRIMARY KEY ("eventId","consumer")
);

-- CreateTable
CREATE TABLE "GuardSweep" (
    "id" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "progressAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),
    "tenants" INTEGER NOT NULL DEFAULT 0,
    "tenantsDone" INTEGER NOT NULL DEFAULT 0,
    "tenantsFailed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "GuardSweep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyVersion_tenantId_policyId_firstSeenAt_idx" ON "PolicyVersion"("tenantId", "policyId", "firstSeenAt");

-- CreateIndex
CREATE INDEX "PolicyVersion_tenantId_contentHash_idx" ON "PolicyVersion"("tenantId", "contentHash");

-- CreateIndex
CREATE INDEX "GuardEvent_tenantId_detectedAt_idx" ON "GuardEvent"("tenantId", "detectedAt");

-- CreateIndex
CREATE INDEX "GuardEvent_detectedAt_idx" ON "GuardEvent"("detectedAt");

-- CreateIndex
CREATE INDEX "GuardSweep_startedAt_idx" ON "GuardSweep"("startedAt");

-- AddForeignKey
ALTER TABLE "GuardEventHandling" ADD CONSTRAINT "GuardEventHandling_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GuardEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- History: insert-only.
CREATE FUNCTION "history_guard_insert_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'history is append-only: % on "%" is not allowed', TG_OP, TG_TABLE_NAME;
END $$;

CREATE TRIGGER "PolicyVersion_append_only" BEFORE UPDATE OR DELETE ON "PolicyVersion"
  FOR EACH ROW EXECUTE FUNCTION "history_guard_insert_only"();
CREATE TRIGGER "PolicyVersion_no_truncate" BEFORE TRUNCATE ON "PolicyVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_guard_insert_only"();
CREATE TRIGGER "GuardEvent_append_only" BEFORE UPDATE OR DELETE ON "GuardEvent"
  FOR EACH ROW EXECUTE FUNCTION "history_guard_insert_only"();
CREATE TRIGGER "GuardEvent_no_truncate" BEFORE TRUNCATE ON "GuardEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_guard_insert_only"();
CREATE TRIGGER "GuardEventHandling_append_only" BEFORE UPDATE OR DELETE ON "GuardEventHandling"
  FOR EACH ROW EXECUTE FUNCTION "history_guard_insert_only"();
CREATE TRIGGER "GuardEventHandling_no_truncate" BEFORE TRUNCATE ON "GuardEventHandling"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_guard_insert_only"();
