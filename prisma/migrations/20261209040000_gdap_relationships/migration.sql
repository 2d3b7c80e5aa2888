-- GDAP in full (issue 17): every relationship with a customer, as the sync read it, for the tenant's page.
CREATE TABLE "GdapRelationship" (
    "id" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "roleIds" TEXT[],
    "createdAt" TIMESTAMP(3),
    "activatedAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "autoExtendDuration" TEXT,
    "readAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "GdapRelationship_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "GdapRelationship_tenantId_idx" ON "GdapRelationship"("tenantId");
