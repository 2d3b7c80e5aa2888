// The one way a proof of access is kept: its AccessProof row (append-only) and, in the same
// transaction, the tenant's GDAP sign-in (CustomerTenant.signInVerdict / signInCheckedAt), which the
// tenants grid, its presets, the dashboard and the bulk wizard read without looking at proofs. A
// proof older than the one the tenant already shows (two checks finishing out of order) leaves it.
import type { PrismaClient } from "../db/generated/client";
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

export async function recordProof(prisma: PrismaClient, p: ProofRecord) {
  return prisma.$transaction(async (tx) => {
    const row = await tx.accessProof.create({
      data: {
        tenantId: p.tenantId,
        kind: p.kind,
        verdict: p.verdict,
        result: p.result as object,
        error: p.error,
        runId: p.runId ?? null,
        checkedByUpn: p.checkedByUpn ?? null,
        checkId: p.checkId ?? null,
      },
    });
    // A tenant no longer among the customers is simply not updated (the proof stays, as history).
    await tx.customerTenant.updateMany({
      where: { id: p.tenantId, OR: [{ signInCheckedAt: null }, { signInCheckedAt: { lte: row.checkedAt } }] },
      data: { signInVerdict: row.verdict, signInCheckedAt: row.checkedAt },
    });
    return row;
  });
}
