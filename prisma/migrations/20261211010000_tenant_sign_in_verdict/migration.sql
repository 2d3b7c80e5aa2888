-- The GDAP sign-in on the tenant (issue 16's fleet view): the newest proof of access's one-word verdict
-- and when it was made, so the tenants grid filters, sorts and counts it in SQL at 10,000 tenants
-- instead of finding each tenant's newest AccessProof per page. lib/proof/record.ts keeps it current.
ALTER TABLE "CustomerTenant" ADD COLUMN "signInVerdict" TEXT;
ALTER TABLE "CustomerTenant" ADD COLUMN "signInCheckedAt" TIMESTAMP(3);
CREATE INDEX "CustomerTenant_signInVerdict_displayName_idx" ON "CustomerTenant"("signInVerdict", "displayName");
-- Each tenant's newest proof (ties: the later id, as any order would do for proofs made in the same millisecond).
UPDATE "CustomerTenant" AS t SET "signInVerdict" = p."verdict", "signInCheckedAt" = p."checkedAt"
FROM (
  SELECT DISTINCT ON ("tenantId") "tenantId", "verdict", "checkedAt" FROM "AccessProof" ORDER BY "tenantId", "checkedAt" DESC, "id" DESC
) AS p
WHERE p."tenantId" = t."id";
