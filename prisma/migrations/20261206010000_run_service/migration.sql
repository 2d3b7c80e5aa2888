-- The run service (lib/runs): every write to a tenant is a run of per-tenant rows with one status
-- machine, from its preview to its end, whatever started it (a policy's button, a tenant's
-- "Fix all", the bulk wizard, the partner-tenant page).
--
-- - RunStatus gains the preview states, the approval state and two honest ends for what was
--   "completed": succeeded (nothing failed) or partly_failed (something was done, something failed).
-- - BulkRunTenant becomes RunTenant, one row per tenant for every kind of run, holding the tenant's
--   preview (engine-level items) and then its progress. Single-tenant runs get their row here.
-- - BulkPreview/BulkPreviewTenant are gone: a preview is now the first state of its run. Previews
--   that were never confirmed are dropped; the runs started from the others keep their tenants and
--   their history (each change records what was planned, sent and answered).
-- - Runs still queued or running from before this upgrade are ended failed (their jobs belong to
--   queues no worker serves any more); what they recorded stands, and a `pending` change is settled
--   by the next fix of its tenant, which re-reads the policy first.
--
-- history_guard_run freezes ended runs. Reclassifying "completed" into succeeded / partly_failed is
-- done once here with the trigger off, inside this migration's transaction; the guard is then
-- replaced for the new end states and switched on again before the transaction commits.

ALTER TABLE "RemediationRun" DISABLE TRIGGER "RemediationRun_append_only";

CREATE TYPE "RunStatus_v2" AS ENUM ('previewing', 'previewed', 'awaiting_approval', 'queued', 'running', 'succeeded', 'partly_failed', 'failed', 'cancelled');
CREATE TYPE "RunTenantStatus" AS ENUM ('reading', 'previewed', 'unreachable', 'unchanged', 'queued', 'running', 'succeeded', 'failed', 'cancelled');

-- RunTenant (was BulkRunTenant)
ALTER TABLE "BulkRunTenant" RENAME TO "RunTenant";
ALTER TABLE "RunTenant" RENAME CONSTRAINT "BulkRunTenant_pkey" TO "RunTenant_pkey";
ALTER TABLE "RunTenant" RENAME CONSTRAINT "BulkRunTenant_runId_fkey" TO "RunTenant_runId_fkey";
ALTER INDEX "BulkRunTenant_status_heartbeatAt_idx" RENAME TO "RunTenant_status_heartbeatAt_idx";
ALTER TABLE "RunTenant" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "RunTenant" ALTER COLUMN "status" TYPE "RunTenantStatus"
  USING (CASE "status"::text WHEN 'done' THEN 'succeeded' ELSE "status"::text END)::"RunTenantStatus";
ALTER TABLE "RunTenant" ALTER COLUMN "status" SET DEFAULT 'reading';
ALTER TABLE "RunTenant" ALTER COLUMN "items" DROP NOT NULL;
ALTER TABLE "RunTenant"
  ADD COLUMN "preview" JSONB,
  ADD COLUMN "problem" TEXT,
  ADD COLUMN "message" TEXT,
  ADD COLUMN "toChange" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "toSkip" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "needsReview" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "readAttempts" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "RunTenant_tenantId_idx" ON "RunTenant"("tenantId");
DROP TYPE "BulkTenantStatus";

-- Single-tenant runs (a policy's button, "Fix all", the partner page) get their tenant row.
INSERT INTO "RunTenant" ("runId", "tenantId", "status", "items", "applied", "skipped", "failed", "pending", "startedAt", "finishedAt", "error")
SELECT r."id",
       (r."scope"->>'tenantId')::uuid,
       (CASE
          WHEN r."status"::text IN ('queued', 'running') THEN 'failed'
          WHEN r."status"::text = 'cancelled' THEN 'cancelled'
          WHEN r."status"::text = 'failed' THEN 'failed'
          WHEN EXISTS (SELECT 1 FROM "RemediationChange" c WHERE c."runId" = r."id" AND c."result" IN ('failed', 'pending')) THEN 'failed'
          ELSE 'succeeded'
        END)::"RunTenantStatus",
       r."options"->'items',
       (SELECT count(*) FROM "RemediationChange" c WHERE c."runId" = r."id" AND c."result" = 'applied'),
       (SELECT count(*) FROM "RemediationChange" c WHERE c."runId" = r."id" AND c."result" = 'skipped'),
       (SELECT count(*) FROM "RemediationChange" c WHERE c."runId" = r."id" AND c."result" = 'failed'),
       (SELECT count(*) FROM "RemediationChange" c WHERE c."runId" = r."id" AND c."result" = 'pending'),
       r."startedAt",
       coalesce(r."finishedAt", now()),
       r."error"
FROM "RemediationRun" r
WHERE r."kind" <> 'bulk-fix'
  AND r."scope"->>'tenantId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

UPDATE "RunTenant" t SET "status" = 'failed', "finishedAt" = now(), "heartbeatAt" = NULL, "writingSince" = NULL,
       "error" = 'Not finished before the upgrade to the run service; its recorded changes stand, and a pending one is settled by the next fix of this tenant.'
WHERE t."status" IN ('queued', 'running');

-- RemediationRun
ALTER TABLE "RemediationRun"
  ADD COLUMN "action" TEXT,
  ADD COLUMN "requestedBySystem" TEXT,
  ADD COLUMN "ticket" TEXT,
  ADD COLUMN "target" JSONB,
  ADD COLUMN "confirmedAt" TIMESTAMP(3),
  ADD COLUMN "confirmedByUpn" TEXT,
  ADD COLUMN "retryOfId" UUID,
  ADD COLUMN "status_v2" "RunStatus_v2";

UPDATE "RemediationRun" r SET
  "action" = coalesce(r."options"->>'action', 'exclude-service-provider'),
  "target" = jsonb_strip_nulls(jsonb_build_object(
    'action', coalesce(r."options"->>'action', 'exclude-service-provider'),
    'partnerTenantId', r."options"->'partnerTenantId',
    'accountObjectId', r."options"->'accountObjectId')),
  "confirmedAt" = r."createdAt",
  "confirmedByUpn" = r."requestedByUpn",
  "status_v2" = (CASE
    WHEN r."status"::text IN ('queued', 'running') THEN 'failed'
    WHEN r."status"::text <> 'completed' THEN r."status"::text
    WHEN NOT EXISTS (SELECT 1 FROM "RunTenant" t WHERE t."runId" = r."id" AND t."status" = 'failed') THEN 'succeeded'
    WHEN EXISTS (SELECT 1 FROM "RemediationChange" c WHERE c."runId" = r."id" AND c."result" = 'applied') THEN 'partly_failed'
    ELSE 'failed'
  END)::"RunStatus_v2",
  "finishedAt" = coalesce(r."finishedAt", now()),
  "error" = (CASE WHEN r."status"::text IN ('queued', 'running')
    THEN 'Not finished before the upgrade to the run service; its recorded changes stand, and a pending one is settled by the next fix of the tenant.'
    ELSE r."error" END);

ALTER TABLE "RemediationRun" DROP COLUMN "status";
ALTER TABLE "RemediationRun" RENAME COLUMN "status_v2" TO "status";
ALTER TABLE "RemediationRun" ALTER COLUMN "status" SET NOT NULL;
ALTER TABLE "RemediationRun" ALTER COLUMN "status" SET DEFAULT 'previewing';
ALTER TABLE "RemediationRun" ALTER COLUMN "action" SET NOT NULL;
ALTER TABLE "RemediationRun" ALTER COLUMN "target" SET NOT NULL;
ALTER TABLE "RemediationRun" DROP COLUMN "scope";
ALTER TABLE "RemediationRun" DROP COLUMN "previewId";
CREATE INDEX "RemediationRun_status_idx" ON "RemediationRun"("status");

-- The bulk preview is now the first state of its run.
DROP TABLE "BulkPreviewTenant";
DROP TABLE "BulkPreview";
DROP TYPE "BulkPreviewTenantStatus";
DROP TYPE "RunStatus";
ALTER TYPE "RunStatus_v2" RENAME TO "RunStatus";

-- A run may move forward while it works; once it has ended it is history.
CREATE OR REPLACE FUNCTION "history_guard_run"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'history is append-only: % on "RemediationRun" is not allowed', TG_OP;
  END IF;
  IF OLD."status" IN ('succeeded', 'partly_failed', 'failed', 'cancelled') THEN
    RAISE EXCEPTION 'history is append-only: run % has ended (%)', OLD."id", OLD."status";
  END IF;
  RETURN NEW;
END $$;

ALTER TABLE "RemediationRun" ENABLE TRIGGER "RemediationRun_append_only";

-- Portal-wide settings (Settings page).
CREATE TABLE "PortalSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "ticketRequired" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByUpn" TEXT,

    CONSTRAINT "PortalSettings_pkey" PRIMARY KEY ("id")
);
