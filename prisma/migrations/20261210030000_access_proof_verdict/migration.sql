-- A proof in one word beside its result (lib/proof/view.ts proofVerdictOf), so a fleet-wide check's
-- progress counts rows instead of reading every proof's result (bench:proof: up to 11 s a poll at 1,000 tenants).
ALTER TABLE "AccessProof" ADD COLUMN "verdict" TEXT;
UPDATE "AccessProof" SET "verdict" = CASE
  WHEN "error" IS NOT NULL OR jsonb_array_length(COALESCE("result" -> 'scenarios', '[]'::jsonb)) = 0 THEN 'not-proven'
  WHEN "result" @? '$.scenarios[*] ? (@.verdict.kind == "blocked")' THEN 'blocked'
  WHEN "result" @? '$.scenarios[*] ? (@.verdict.kind == "gets-in-after-mfa")' THEN 'gets-in-after-mfa'
  ELSE 'gets-in'
END;
ALTER TABLE "AccessProof" ALTER COLUMN "verdict" SET NOT NULL;
