-- AlterTable
ALTER TABLE "RemediationRun" ADD COLUMN     "error" TEXT;
