-- A fleet-wide proof of access (issue 16 acceptance 4): one job per tenant, progress from the proofs recorded.
ALTER TABLE "AccessProof" ADD COLUMN "checkId" UUID;
CREATE INDEX "AccessProof_checkId_idx" ON "AccessProof"("checkId");

CREATE TABLE "ProofCheck" (
    "id" UUID NOT NULL,
    "requestedByUpn" TEXT NOT NULL,
    "tenantIds" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProofCheck_pkey" PRIMARY KEY ("id")
);

-- Microsoft Entra ID P2, read by the sync when a policy uses risk (issue 17: the risk finding needs it).
ALTER TABLE "CustomerTenant" ADD COLUMN "entraP2" BOOLEAN;
