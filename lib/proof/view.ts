// What pages read of a proof of access (plain JSON, safe to send to the browser).
import type { PolicyEvaluation, PolicyLabel, SignInVerdict } from "../ca";
import type { PrismaClient } from "../db/generated/client";

export type ProofKind = "live" | "after-run";

export interface ProofScenarioResult {
  key: string;
  name: string;
  verdict: SignInVerdict;
  evaluations: PolicyEvaluation[];
}

export interface ProofResult {
  scenarios: ProofScenarioResult[];
  labels: PolicyLabel[];
}

export interface AccessProofView {
  id: string;
  tenantId: string;
  runId: string | null;
  kind: ProofKind;
  checkedAt: string;
  checkedByUpn: string | null;
  error: string | null;
  result: ProofResult;
  /** "proven: gets in" / "proven: blocked by …": the words history shows for a proof after a run. */
  headline: string;
}

interface ProofRow {
  id: string;
  tenantId: string;
  runId: string | null;
  kind: string;
  checkedAt: Date;
  checkedByUpn: string | null;
  error: string | null;
  result: unknown;
}

export function proofView(row: ProofRow): AccessProofView {
  const result = row.result as ProofResult;
  return {
    id: row.id,
    tenantId: row.tenantId,
    runId: row.runId,
    kind: row.kind === "after-run" ? "after-run" : "live",
    checkedAt: row.checkedAt.toISOString(),
    checkedByUpn: row.checkedByUpn,
    error: row.error,
    result,
    headline: headlineOf(row.error, result),
  };
}

/** One line for the whole proof: the worst verdict across scenarios ("gets in" only when every scenario gets in). */
export function headlineOf(error: string | null, result: ProofResult): string {
  if (error !== null) return `not proven: ${error}`;
  const verdicts = result.scenarios.map((s) => s.verdict);
  if (verdicts.length === 0) return "not proven: no scenario";
  const blocked = verdicts.find((v) => v.kind === "blocked");
  if (blocked) return `proven: ${blocked.words}`;
  if (verdicts.some((v) => v.kind === "gets-in-after-mfa")) return "proven: gets in after MFA";
  return "proven: gets in";
}

/** A proof in one word, stored beside it (AccessProof.verdict): the worst verdict across scenarios, as headlineOf words it. */
export type ProofVerdict = "gets-in" | "gets-in-after-mfa" | "blocked" | "not-proven";

export function proofVerdictOf(error: string | null, result: ProofResult): ProofVerdict {
  if (error !== null || result.scenarios.length === 0) return "not-proven";
  const kinds = result.scenarios.map((s) => s.verdict.kind);
  if (kinds.includes("blocked")) return "blocked";
  if (kinds.includes("gets-in-after-mfa")) return "gets-in-after-mfa";
  return "gets-in";
}

export async function latestProof(prisma: PrismaClient, tenantId: string): Promise<AccessProofView | null> {
  const row = await prisma.accessProof.findFirst({ where: { tenantId }, orderBy: { checkedAt: "desc" } });
  return row ? proofView(row) : null;
}

/** The proofs recorded after these runs' writes, by run and tenant ("<runId> <tenantId>"). */
export async function proofsAfterRuns(prisma: PrismaClient, runIds: readonly string[]): Promise<Map<string, AccessProofView>> {
  if (runIds.length === 0) return new Map();
  const rows = await prisma.accessProof.findMany({ where: { runId: { in: [...runIds] }, kind: "after-run" }, orderBy: { checkedAt: "asc" } });
  return new Map(rows.map((r) => [`${r.runId} ${r.tenantId}`, proofView(r)]));
}
