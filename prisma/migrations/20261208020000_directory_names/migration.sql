-- Names, not GUIDs (issue 17): what a tenant's policies point at, named by Graph during the sync (lib/names).
ALTER TABLE "CustomerTenant" ADD COLUMN "nameRequests" INTEGER,
  ADD COLUMN "nameCaRequests" INTEGER;

CREATE TABLE "DirectoryName" (
    "tenantId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "displayName" TEXT,
    "detail" TEXT,
    "status" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "DirectoryName_pkey" PRIMARY KEY ("tenantId", "kind", "objectId")
);
