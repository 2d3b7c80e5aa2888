// The drift guard: after the sweep has read a tenant whose guard mode is auto-fix, it plans the
// service-provider fix from the policies just read (no second read: the preview is pure, lib/remediation's
// previewOfPolicies) and, when something needs writing, makes it a run of the run service like any
// other: recorded as previewed by "drift guard", confirmed at once with the admin who set the mode
// recorded as approver, and applied by the same tenant job, which re-reads and re-plans every policy
// live before writing. It never touches a policy a person marked "leave alone", never offers
// needs-review policies (a person decides those), writes nowhere GDAP has ended, runs one at a time
// per tenant, and stops for a tenant after two failed runs in a row (auto-fix-outcome.ts).
import type { Prisma, PrismaClient } from "../db/generated/client";
import type { GraphPolicy, TenantGraph } from "../graph/tenant-graph-contract";
import { previewOfPolicies } from "../remediation";
import { confirmRun, currentTarget, gdapWriteRefusal, recordPreview, type RunQueue } from "../runs";
import { DRIFT_GUARD } from "../runs/kinds";
import { leftAloneIn } from "./leave-alone";
import { guardModeOf } from "./modes";

export interface AutoFixDeps {
  prisma: PrismaClient;
  partnerTenantId: string;
  queue?: RunQueue;
}

export interface TenantRead {
  /** How the sweep opened the tenant. */
  graph: Pick<TenantGraph, "tenantId" | "access" | "fallbackReason">;
  policies: readonly GraphPolicy[];
}

export type AutoFixOutcome = { started: true; runId: string; policies: number } | { started: false; why: string };

const OPEN_STATUSES = ["previewing", "previewed", "awaiting_approval", "queued", "running"] as const;

export async function autoFixAfterRead(deps: AutoFixDeps, read: TenantRead): Promise<AutoFixOutcome> {
  const { prisma } = deps;
  const tenantId = read.graph.tenantId.toLowerCase();
  const mode = await guardModeOf(prisma, tenantId);
  if (mode.mode !== "auto-fix") return { started: false, why: `mode ${mode.mode}` };
  const tenant = await prisma.customerTenant.findUnique({ where: { id: tenantId }, select: { autoFixStoppedAt: true } });
  if (!tenant) return { started: false, why: "unknown tenant" };
  if (tenant.autoFixStoppedAt) return { started: false, why: "stopped after failures" };
  if (await gdapWriteRefusal(prisma, deps.partnerTenantId, tenantId, read.graph)) {
    return { started: false, why: "GDAP ended" };
  }
  await endUnconfirmedPreviews(prisma, tenantId);
  const open = await prisma.runTenant.count({ where: { tenantId, run: { requestedBySystem: DRIFT_GUARD.system, status: { in: [...OPEN_STATUSES] } } } });
  if (open > 0) return { started: false, why: "a run of the guard is still open" };

  const target = await currentTarget(prisma, deps.partnerTenantId, "exclude-service-provider");
  const leftAlone = await leftAloneIn(prisma, tenantId);
  const preview = previewOfPolicies(
    tenantId,
    { path: read.graph.access, fallbackReason: read.graph.fallbackReason?.message ?? null },
    target,
    read.policies.filter((p) => !leftAlone.has(p.id)),
    { states: "enabled-and-report-only" },
  );
  for (const p of read.policies) {
    const marked = leftAlone.get(p.id);
    if (marked) preview.leftOut.push({ policyId: p.id, name: p.displayName, reason: `left alone by ${marked.markedByUpn}: ${marked.reason}` });
  }
  const writes = preview.policies.filter((p) => p.request !== null && !p.requiresConfirmation).length;
  if (writes === 0) return { started: false, why: "nothing to fix" };

  const runId = await recordPreview(prisma, {
    kind: "guard-fix",
    target,
    options: { scope: { states: "enabled-and-report-only" }, offerNeedsReview: false },
    requestedBy: DRIFT_GUARD,
    preview,
  });
  const when = mode.setBy.at ? ` on ${mode.setBy.at.toISOString().slice(0, 10)}` : "";
  try {
    await confirmRun({
      prisma,
      queue: deps.queue,
      runId,
      confirmedNeedsReview: [],
      ticket: null,
      confirmedBy: DRIFT_GUARD,
      approvedInAdvance: {
        byId: mode.setBy.id,
        byUpn: mode.setBy.upn ?? "an admin",
        note: `Auto-fix set for ${mode.source} by ${mode.setBy.upn ?? "an admin"}${when}.`,
      },
    });
  } catch (err) {
    await endUnconfirmed(prisma, { id: runId }, err);
    throw err;
  }
  return { started: true, runId, policies: writes };
}

/** The guard confirms its own preview at once; one still unconfirmed after this long was left by a failure between the two. */
export const UNCONFIRMED_AFTER_MS = 60_000;

/**
 * Ends (cancelled, nothing written) the guard's previews of this tenant that were never confirmed: a
 * worker stopped, or the database did not answer, between recording the preview and confirming it.
 * Left open, such a preview would count as "a run of the guard still open" until previews expire.
 */
export async function endUnconfirmedPreviews(prisma: PrismaClient, tenantId: string, now = new Date()): Promise<number> {
  return endUnconfirmed(prisma, { tenants: { some: { tenantId } }, createdAt: { lt: new Date(now.getTime() - UNCONFIRMED_AFTER_MS) } }, null);
}

async function endUnconfirmed(prisma: PrismaClient, where: Prisma.RemediationRunWhereInput, err: unknown): Promise<number> {
  const why = err instanceof Error ? ` (${err.message.split("\n")[0]})` : "";
  const { count } = await prisma.remediationRun.updateMany({
    where: { ...where, requestedBySystem: DRIFT_GUARD.system, status: { in: ["previewing", "previewed"] } },
    data: {
      status: "cancelled",
      finishedAt: new Date(),
      error: `The drift guard could not confirm its own preview${why}; nothing was written. The next sweep plans again.`,
    },
  });
  return count;
}
