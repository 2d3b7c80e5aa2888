-- Tenant groups and per-user tenant scopes; four-eyes approval of runs (issue 14).
-- Existing users keep seeing every tenant ("allTenants" defaults to true); an admin narrows them.

-- AlterTable
ALTER TABLE "PortalUser" ADD COLUMN "allTenants" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "TenantGroup" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByUpn" TEXT NOT NULL,

    CONSTRAINT "TenantGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TenantGroupTenant" (
    "groupId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TenantGroupTenant_pkey" PRIMARY KEY ("groupId","tenantId")
);

-- CreateTable
CREATE TABLE "PortalUserTenantGroup" (
    "userId" UUID NOT NULL,
    "groupId" UUID NOT NULL,

    CONSTRAINT "PortalUserTenantGroup_pkey" PRIMARY KEY ("userId","groupId")
);

-- CreateIndex
CREATE UNIQUE INDEX "TenantGroup_name_key" ON "TenantGroup"("name");

-- CreateIndex
CREATE INDEX "TenantGroupTenant_tenantId_idx" ON "TenantGroupTenant"("tenantId");

-- CreateIndex
CREATE INDEX "PortalUserTenantGroup_groupId_idx" ON "PortalUserTenantGroup"("groupId");

-- AddForeignKey
ALTER TABLE "TenantGroupTenant" ADD CONSTRAINT "TenantGroupTenant_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "TenantGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TenantGroupTenant" ADD CONSTRAINT "TenantGroupTenant_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "CustomerTenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalUserTenantGroup" ADD CONSTRAINT "PortalUserTenantGroup_userId_fkey" FOREIGN KEY ("userId") REFERENCES "PortalUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalUserTenantGroup" ADD CONSTRAINT "PortalUserTenantGroup_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "TenantGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "RemediationRun" ADD COLUMN "approvalReason" TEXT,
ADD COLUMN "approvalRequestedAt" TIMESTAMP(3),
ADD COLUMN "approvalDecision" TEXT,
ADD COLUMN "approvalDecidedAt" TIMESTAMP(3),
ADD COLUMN "approvedById" UUID,
ADD COLUMN "approvedByUpn" TEXT,
ADD COLUMN "approvalNote" TEXT;

-- AlterTable
ALTER TABLE "PortalSettings" ADD COLUMN "approvalAboveTenants" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN "approvalForPartner" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "approvalExpiryHours" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN "approvalDelaySeconds" INTEGER NOT NULL DEFAULT 0;
