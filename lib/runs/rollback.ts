// Undo a run (or some of its changes): a new run of kind `rollback` whose target (lib/remediation's
// restore-before) lists, per policy the run changed, the PATCH that puts back each property its
// request set, and the content the run left. The preview reads every tenant live like any bulk
// preview; the engine restores only policies still exactly as the run left them, and shows the
// others "changed since". Confirmed, approved and applied by the run service like any run.
import type { PrismaClient } from "../db/generated/client";
import { contentHash } from "../guard/content";
import { restoreBody, type RestoreEntry, type RestoreTarget } from "../remediation/restore";
import { RunRefusal } from "./errors";
import type { Requester } from "./kinds";
import type { RunQueue } from "./queue";
import { startPreview } from "./start-preview";
import { ENDED_RUN_STATUSES } from "./status";

export interface RollbackPlan {
  target: RestoreTarget;
  tenantIds: string[];
  /** Changes of the run that cannot be undone here, with why (a policy the run created, no recorded "before"). */
  notRestorable: { policyName: string; why: string }[];
}

/** What undoing `runId` (only `changeIds` of it, when given) would restore. */
export async function rollbackPlan(
  prisma: PrismaClient,
  runId: string,
  partnerTenantId: string | undefined,
  changeIds?: readonly string[],
): Promise<RollbackPlan> {
  if (!partnerTenantId) throw new RunRefusal("conflict", "PARTNER_TENANT_ID is not configured, so the restored policies cannot be assessed.");
  const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw new RunRefusal("not-found", "No such run.");
  if (!(ENDED_RUN_STATUSES as readonly string[]).includes(run.status)) throw new RunRefusal("conflict", "A run can be undone once it has ended.");
  const changes = await prisma.remediationChange.findMany({
    where: { runId, result: "applied", ...(changeIds ? { id: { in: [...changeIds] } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { tenantId: true, policyId: true, policyName: true, before: true, after: true, requestMethod: true, requestBody: true },
  });
  if (changes.length === 0) throw new RunRefusal("conflict", "This run wrote nothing that could be undone.");
  const restores: Record<string, RestoreEntry> = {};
  const notRestorable: RollbackPlan["notRestorable"] = [];
  for (const c of changes) {
    if (c.requestMethod !== "PATCH" || c.policyId === null) {
      notRestorable.push({ policyName: c.policyName, why: "the run created this policy; delete or disable it in Entra if it should go" });
      continue;
    }
    const restore = c.after ? restoreBody(c.requestBody, c.before) : null;
    if (!restore) {
      notRestorable.push({ policyName: c.policyName, why: "the run recorded no value from before its change" });
      continue;
    }
    // A policy written twice by the run (a retry): the first "before" and the last "after" count.
    const earlier = restores[c.policyId];
    restores[c.policyId] = {
      tenantId: c.tenantId,
      policyName: c.policyName,
      leftAs: contentHash(c.after),
      body: earlier ? earlier.body : restore.body,
      paths: earlier ? earlier.paths : restore.paths,
    };
  }
  if (Object.keys(restores).length === 0)
    throw new RunRefusal("conflict", `Nothing of this run can be undone: ${notRestorable.map((n) => `${n.policyName}: ${n.why}`).join("; ")}.`);
  return {
    target: { action: "restore-before", partnerTenantId: partnerTenantId.toLowerCase(), undoesRunId: runId, restores },
    tenantIds: [...new Set(Object.values(restores).map((r) => r.tenantId))],
    notRestorable,
  };
}

/** Starts the rollback's preview (one read per tenant); the new run's id. */
export async function startRollback(input: { prisma: PrismaClient; queue?: RunQueue; plan: RollbackPlan; requestedBy: Requester }): Promise<string> {
  return startPreview({
    prisma: input.prisma,
    queue: input.queue,
    kind: "rollback",
    target: input.plan.target,
    options: { scope: { states: "all" }, offerNeedsReview: false },
    requestedBy: input.requestedBy,
    tenantIds: input.plan.tenantIds,
    partnerTenantId: input.plan.target.partnerTenantId,
    undoesRunId: input.plan.target.undoesRunId,
  });
}
