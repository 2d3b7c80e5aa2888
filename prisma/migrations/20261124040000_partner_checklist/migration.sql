-- AlterTable
ALTER TABLE "PartnerSettings" ADD COLUMN     "trustedIpsRemovedAttestedAt" TIMESTAMP(3),
ADD COLUMN     "trustedIpsRemovedAttestedByUpn" TEXT;
