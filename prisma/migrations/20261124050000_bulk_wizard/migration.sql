-- The bulk fix wizard (issue 7): previews over many tenants, per-tenant progress of bulk runs, cancel.

-- CreateEnum
CREATE TYPE "BulkPreviewTenantStatus" AS ENUM ('pending', 'done', 'unreachable');

-- CreateEnum
CREATE TYPE "BulkTenantStatus" AS ENUM ('queued', 'running', 'done', 'failed', 'cancelled');

-- AlterTable
-- history_guard_run (init migration) lets a run change while it is queued or running, so cancel
-- can be recorded on a running run; once the run has ended these are frozen with the rest.
ALTER TABLE "RemediationRun" ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN     "cancelRequestedByUpn" TEXT,
ADD COLUMN     "previewId" UUID;

-- CreateTable
CREATE TABLE "BulkPreview" (
    "id" UUID NOT NULL,
    "requestedById" UUID,
    "requestedByUpn" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "runId" UUID,

    CONSTRAINT "BulkPreview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkPreviewTenant" (
    "previewId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "status" "BulkPreviewTenantStatus" NOT NULL DEFAULT 'pending',
    "result" JSONB,
    "problem" TEXT,
    "message" TEXT,
    "toChange" INTEGER NOT NULL DEFAULT 0,
    "toSkip" INTEGER NOT NULL DEFAULT 0,
    "needsReview" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "queuedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkPreviewTenant_pkey" PRIMARY KEY ("previewId","tenantId")
);

-- CreateTable
CREATE TABLE "BulkRunTenant" (
    "runId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "status" "BulkTenantStatus" NOT NULL DEFAULT 'queued',
    "items" JSONB NOT NULL,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "queuedAt" TIMESTAMP(3),
    "writingSince" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkRunTenant_pkey" PRIMARY KEY ("runId","tenantId")
);

-- CreateIndex
CREATE INDEX "BulkPreview_createdAt_idx" ON "BulkPreview"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BulkPreview_runId_key" ON "BulkPreview"("runId");

-- CreateIndex
CREATE INDEX "BulkPreviewTenant_status_heartbeatAt_idx" ON "BulkPreviewTenant"("status", "heartbeatAt");

-- CreateIndex
CREATE INDEX "BulkRunTenant_status_heartbeatAt_idx" ON "BulkRunTenant"("status", "heartbeatAt");

-- AddForeignKey
ALTER TABLE "BulkPreviewTenant" ADD CONSTRAINT "BulkPreviewTenant_previewId_fkey" FOREIGN KEY ("previewId") REFERENCES "BulkPreview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkRunTenant" ADD CONSTRAINT "BulkRunTenant_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RemediationRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
