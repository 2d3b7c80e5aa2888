-- AlterTable
ALTER TABLE "CustomerTenant" ADD COLUMN     "needsFixCount" INTEGER,
ADD COLUMN     "needsReviewCount" INTEGER,
ADD COLUMN     "policyCount" INTEGER;
