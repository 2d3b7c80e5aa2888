-- Proof of access (issue 16, lib/proof): the sign-in scenarios admins edit, and every What If check.
CREATE TABLE "SignInScenario" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "userKind" TEXT NOT NULL,
    "applicationIds" TEXT[],
    "clientAppType" TEXT NOT NULL,
    "devicePlatform" TEXT,
    "ipAddress" TEXT,
    "country" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByUpn" TEXT,
    CONSTRAINT "SignInScenario_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SignInScenario_key_key" ON "SignInScenario"("key");

CREATE TABLE "AccessProof" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "runId" UUID,
    "kind" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkedByUpn" TEXT,
    "result" JSONB NOT NULL,
    "error" TEXT,
    CONSTRAINT "AccessProof_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AccessProof_tenantId_checkedAt_idx" ON "AccessProof"("tenantId", "checkedAt" DESC);
CREATE INDEX "AccessProof_runId_idx" ON "AccessProof"("runId");
