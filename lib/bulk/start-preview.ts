// Step 3 of the wizard: a preview over many tenants, read as one job per tenant (a thousand tenants
// cannot be read in one request), biggest tenants first so the slowest reads start earliest.
import type { Prisma, PrismaClient } from "../db/generated/client";
import { BulkRefusal, type Requester } from "./errors";
import { BULK_QUEUES, queueFor, type BulkQueue } from "./queue";
import type { BulkOptions } from "./views";

export interface StartBulkPreviewInput {
  prisma: PrismaClient;
  /** Default: a pg-boss on the same database (queueFor). */
  queue?: BulkQueue;
  tenantIds: readonly string[];
  options: BulkOptions;
  requestedBy: Requester;
}

export async function startBulkPreview(input: StartBulkPreviewInput): Promise<string> {
  const { prisma } = input;
  const ids = [...new Set(input.tenantIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw new BulkRefusal("invalid", "Select at least one tenant.");
  const known = await prisma.customerTenant.findMany({ where: { id: { in: ids } }, select: { id: true, policyCount: true } });
  if (known.length !== ids.length) {
    const found = new Set(known.map((t) => t.id));
    const unknown = ids.filter((id) => !found.has(id));
    throw new BulkRefusal(
      "not-found",
      `${unknown.length} selected tenant(s) are not customer tenants of this portal: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? "…" : ""}.`,
    );
  }
  const now = new Date();
  const preview = await prisma.$transaction(async (tx) => {
    const row = await tx.bulkPreview.create({
      data: { requestedById: input.requestedBy.id, requestedByUpn: input.requestedBy.upn, options: input.options as unknown as Prisma.InputJsonValue },
    });
    await tx.bulkPreviewTenant.createMany({ data: ids.map((tenantId) => ({ previewId: row.id, tenantId, queuedAt: now })) });
    return row;
  });
  // Sent after the commit so a job never finds no row; if sending fails, the recovery sweep sends
  // the jobs of rows that have none.
  await (input.queue ?? (await queueFor(prisma))).send(
    BULK_QUEUES.previewTenant,
    known.map((t) => ({ data: { previewId: preview.id, tenantId: t.id }, priority: t.policyCount ?? 0 })),
  );
  return preview.id;
}
