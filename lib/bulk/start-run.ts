// Step 4: after the person confirmed the preview, one RemediationRun (kind bulk-fix) for every
// tenant with something to change, one BulkRunTenant row and one job per tenant. The busiest
// tenant starts first: the run cannot end before it, at one request per second per tenant.
import type { Prisma, PrismaClient } from "../db/generated/client";
import type { FixPreview } from "../fixes/preview-view";
import { itemsForTenant } from "./counts";
import { BulkRefusal, type Requester } from "./errors";
import { BULK_QUEUES, queueFor, type BulkQueue } from "./queue";
import { bulkOptions } from "./schemas";

export interface StartBulkRunInput {
  prisma: PrismaClient;
  /** Default: a pg-boss on the same database (queueFor). */
  queue?: BulkQueue;
  previewId: string;
  /** needs-review policies the person ticked (only with options.includeNeedsReview). */
  confirmedNeedsReview: readonly { tenantId: string; policyId: string }[];
  requestedBy: Requester;
}

export async function startBulkRun(input: StartBulkRunInput): Promise<string> {
  const { prisma } = input;
  const preview = await prisma.bulkPreview.findUnique({ where: { id: input.previewId.toLowerCase() }, include: { tenants: { where: { status: "done" } } } });
  if (!preview) throw new BulkRefusal("not-found", "No such bulk preview.");
  if (preview.status !== "completed") throw new BulkRefusal("conflict", `The preview is ${preview.status}; a run can start only from a completed preview.`);
  if (preview.runId) throw new BulkRefusal("conflict", "A run was already started from this preview; preview again to start another.");
  const options = bulkOptions.parse(preview.options);

  const confirmed = new Map<string, Set<string>>();
  for (const c of input.confirmedNeedsReview) {
    const tenantId = c.tenantId.toLowerCase();
    if (!confirmed.has(tenantId)) confirmed.set(tenantId, new Set());
    confirmed.get(tenantId)!.add(c.policyId);
  }
  if (confirmed.size > 0 && !options.includeNeedsReview) {
    throw new BulkRefusal("invalid", "This preview did not offer needs-review policies; preview again with that option to confirm them.");
  }

  const plans: { tenantId: string; items: ReturnType<typeof itemsForTenant> }[] = [];
  const previewed = new Map(preview.tenants.map((t) => [t.tenantId, t.result as unknown as FixPreview]));
  for (const [tenantId, policies] of confirmed) {
    const view = previewed.get(tenantId);
    for (const policyId of policies) {
      const policy = view?.policies.find((p) => p.policyId === policyId);
      if (!policy?.requiresConfirmation) {
        throw new BulkRefusal("invalid", `Policy ${policyId} of tenant ${tenantId} is not a needs-review policy of this preview, so it cannot be confirmed.`);
      }
    }
  }
  for (const [tenantId, view] of previewed) {
    const items = itemsForTenant(view, confirmed.get(tenantId) ?? new Set(), options.includeNeedsReview);
    if (items.length > 0) plans.push({ tenantId, items });
  }
  if (plans.length === 0) throw new BulkRefusal("conflict", "Nothing to change: no previewed tenant has a policy to write.");

  const now = new Date();
  const runId = await prisma.$transaction(async (tx) => {
    const run = await tx.remediationRun.create({
      data: {
        kind: "bulk-fix",
        status: "running",
        startedAt: now,
        previewId: preview.id,
        requestedById: input.requestedBy.id,
        requestedByUpn: input.requestedBy.upn,
        scope: { previewId: preview.id, tenantIds: plans.map((p) => p.tenantId) },
        // The workers plan with their own PARTNER_TENANT_ID (the same one the preview used).
        options: {
          action: "exclude-service-provider",
          ...options,
          confirmedNeedsReview: input.confirmedNeedsReview.map((c) => ({ ...c })),
        } as Prisma.InputJsonValue,
      },
    });
    // The claim that makes a preview usable once, even for two clicks at the same moment.
    const { count } = await tx.bulkPreview.updateMany({ where: { id: preview.id, runId: null }, data: { runId: run.id } });
    if (count !== 1) throw new BulkRefusal("conflict", "A run was already started from this preview; preview again to start another.");
    await tx.bulkRunTenant.createMany({
      data: plans.map((p) => ({ runId: run.id, tenantId: p.tenantId, items: p.items as unknown as Prisma.InputJsonValue, queuedAt: now })),
    });
    return run.id;
  });
  // After the commit: a job must find its row. Rows whose job was lost are re-sent by the sweep.
  await (input.queue ?? (await queueFor(prisma))).send(
    BULK_QUEUES.tenantFix,
    plans.map((p) => ({ data: { runId, tenantId: p.tenantId }, priority: p.items.length })),
  );
  return runId;
}
