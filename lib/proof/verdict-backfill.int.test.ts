// The migration that added AccessProof.verdict filled it for proofs already stored, in SQL; it must
// say of each what proofVerdictOf says, or the dashboard's counts would change for old checks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import type { SignInVerdict } from "../ca";
import { proofVerdictOf, type ProofResult } from "./view";

const MIGRATION = join(process.cwd(), "prisma/migrations/20261210030000_access_proof_verdict/migration.sql");
const verdict = (kind: SignInVerdict["kind"]): SignInVerdict => ({ kind, words: kind, blockedBy: [], mfaBy: [] });
const result = (...kinds: SignInVerdict["kind"][]): ProofResult => ({
  scenarios: kinds.map((k, i) => ({ key: `s${i}`, name: `Scenario ${i}`, verdict: verdict(k), evaluations: [] })),
  labels: [],
});

describe("the verdict backfill", () => {
  const t = useTestPrisma();

  it("gives every stored proof the verdict proofVerdictOf gives it", async () => {
    const proofs: [string | null, ProofResult][] = [
      [null, result("gets-in", "gets-in")],
      [null, result("gets-in", "gets-in-after-mfa")],
      [null, result("gets-in-after-mfa", "blocked")],
      [null, result("blocked", "gets-in")],
      [null, result()],
      ["Graph could not be asked.", result()],
    ];
    const tenantId = "aaaaaaaa-1111-4111-8111-000000000001";
    const ids = [];
    for (const [error, r] of proofs) {
      const row = await t.prisma.accessProof.create({ data: { tenantId, kind: "live", result: r as object, error, verdict: "unknown" } });
      ids.push(row.id);
    }
    const update = /UPDATE "AccessProof"[\s\S]*?END;/.exec(readFileSync(MIGRATION, "utf8"))![0];
    await t.prisma.$executeRawUnsafe(update);
    const rows = await t.prisma.accessProof.findMany({ where: { id: { in: ids } }, select: { id: true, verdict: true } });
    const stored = new Map(rows.map((r) => [r.id, r.verdict]));
    expect(ids.map((id) => stored.get(id))).toEqual(proofs.map(([error, r]) => proofVerdictOf(error, r)));
  });
});
