// The one way a proof of access is kept: its AccessProof row (append-only) and, in the same
// statement, the tenant's GDAP sign-in (CustomerTenant.signInVerdict / signInCheckedAt), which the
// tenants grid, its presets, the dashboard and the bulk wizard read without looking at proofs. A
// proof older than the one the tenant already shows (two checks finishing out of order) leaves it.
import type { AccessProof, PrismaClient } from "../db/generated/client";
import type { ProofKind, ProofResult, ProofVerdict } from "./view";

export interface ProofRecord {
  tenantId: string;
  kind: ProofKind;
  verdict: ProofVerdict;
  result: ProofResult;
  error: string | null;
  runId?: string | null;
  checkedByUpn?: string | null;
  checkId?: string | null;
}

/**
 * One statement (a proof follows every tenant of a bulk run): the row, and the tenant's sign-in when
 * this proof is not older than the one it shows. A tenant no longer among the customers is simply
 * not updated (the proof stays, as history). Times are UTC (`timestamp(3)` as Prisma keeps them).
 */
export async function recordProof(prisma: PrismaClient, p: ProofRecord): Promise<AccessProof> {
  const rows = await prisma.$queryRaw<AccessProof[]>`
    with proof as (
      insert into "AccessProof" (id, "tenantId", kind, verdict, result, error, "runId", "checkedByUpn", "checkId", "checkedAt")
      values (gen_random_uuid(), ${p.tenantId}::uuid, ${p.kind}, ${p.verdict}, ${JSON.stringify(p.result)}::jsonb, ${p.error},
        ${p.runId ?? null}::uuid, ${p.checkedByUpn ?? null}, ${p.checkId ?? null}::uuid, now() at time zone 'UTC')
      returning *
    ), shown as (
      update "CustomerTenant" as t set "signInVerdict" = proof.verdict, "signInCheckedAt" = proof."checkedAt",
        "updatedAt" = now() at time zone 'UTC'
      from proof
      where t.id = proof."tenantId" and (t."signInCheckedAt" is null or t."signInCheckedAt" <= proof."checkedAt")
    )
    select * from proof`;
  return rows[0]!;
}
