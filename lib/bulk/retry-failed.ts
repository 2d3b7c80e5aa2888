// "Retry failed" on the summary: a new preview of the run's failed tenants with the same options,
// so the person sees what would be written now before anything is.
import type { PrismaClient } from "../db/generated/client";
import { BulkRefusal, type Requester } from "./errors";
import type { BulkQueue } from "./queue";
import { bulkOptions } from "./schemas";
import { startBulkPreview } from "./start-preview";

export async function retryFailedTenants(input: { prisma: PrismaClient; queue?: BulkQueue; runId: string; requestedBy: Requester }): Promise<string> {
  const { prisma } = input;
  const run = await prisma.remediationRun.findUnique({
    where: { id: input.runId.toLowerCase() },
    include: { bulkTenants: { where: { status: "failed" }, select: { tenantId: true } } },
  });
  if (!run || run.kind !== "bulk-fix") throw new BulkRefusal("not-found", "No such bulk run.");
  if (run.status === "queued" || run.status === "running")
    throw new BulkRefusal("conflict", "The run is still running; retry its failed tenants once it has ended.");
  if (run.bulkTenants.length === 0) throw new BulkRefusal("conflict", "No tenant failed in this run, so there is nothing to retry.");
  const preview = run.previewId ? await prisma.bulkPreview.findUnique({ where: { id: run.previewId }, select: { options: true } }) : null;
  if (!preview) throw new BulkRefusal("not-found", "The preview this run was started from no longer exists; start a new preview of these tenants.");
  const options = bulkOptions.parse(preview.options);
  return startBulkPreview({ prisma, queue: input.queue, tenantIds: run.bulkTenants.map((t) => t.tenantId), options, requestedBy: input.requestedBy });
}
