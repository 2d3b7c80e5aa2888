// One call for a button: a run for one tenant, created, started, applied and ended, so no caller can
// leave a run open. The bulk wizard, which puts many tenants in one run, uses createRun/startRun,
// applyTenantFix per tenant and endRun itself.
import type { Prisma, PrismaClient } from "../db/generated/client";
import type { TenantGraph } from "../graph/tenant-graph-contract";
import type { FixTarget } from "./actions";
import { applyTenantFix, type ApplyItem, type ApplyResult } from "./apply";
import { TenantBusyError } from "./lock";
import type { TenantPreview } from "./preview";
import { completeRun, createRun, endRun, startRun, type RunKind } from "./runs";

export type TenantFixRequest = FixTarget & {
  prisma: PrismaClient;
  graph: TenantGraph;
  kind: RunKind;
  requestedBy: { id: string | null; upn: string };
  items: readonly ApplyItem[];
  lockWaitMs?: number;
};

/** The items to apply from a preview: every policy with a request, needs-review ones only when ticked. */
export function itemsFromPreview(preview: TenantPreview, confirmedNeedsReview: readonly string[] = []): ApplyItem[] {
  const confirmed = new Set(confirmedNeedsReview);
  return preview.policies
    .filter((p) => p.request !== null && (!p.requiresConfirmation || confirmed.has(p.policyId)))
    .map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: confirmed.has(p.policyId) }));
}

/**
 * Runs one tenant's fix as its own run. The run ends `completed` when every policy has its outcome
 * recorded (some may be failed or skipped: see the items), `cancelled` when another engine held the
 * tenant (nothing was done), `failed` when the engine itself stopped (the error is rethrown).
 */
export async function runTenantFix(request: TenantFixRequest): Promise<{ runId: string; result: ApplyResult }> {
  const { prisma, graph } = request;
  const subject = request.action === "exclude-service-provider" ? { partnerTenantId: request.partnerTenantId } : { accountObjectId: request.accountObjectId };
  const run = await createRun(prisma, {
    kind: request.kind,
    requestedBy: request.requestedBy,
    scope: { tenantId: graph.tenantId, policyIds: request.items.map((item) => item.policyId) },
    options: { action: request.action, ...subject, items: request.items.map((item) => ({ ...item })) } as Prisma.InputJsonValue,
  });
  await startRun(prisma, run.id);
  try {
    const result = await applyTenantFix({ ...request, runId: run.id });
    await completeRun(prisma, run.id);
    return { runId: run.id, result };
  } catch (error) {
    await endRun(prisma, run.id, error instanceof TenantBusyError ? "cancelled" : "failed").catch(() => undefined);
    throw error;
  }
}
