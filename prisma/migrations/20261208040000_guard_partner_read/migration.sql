-- The guard reads the MSP's own tenant in every sweep (lib/guard/sweep-partner.ts): when, or why it could not.
ALTER TABLE "GuardSweep" ADD COLUMN "partnerReadAt" TIMESTAMPTZ(6),
  ADD COLUMN "partnerError" TEXT;
