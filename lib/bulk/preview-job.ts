// The `bulk.preview-tenant` job: read and plan one tenant of a bulk preview, store the compact view
// the browser shows (or why the tenant could not be read), and complete the preview when it was
// the last tenant.
import type { Prisma } from "../db/generated/client";
import { fixPreviewView } from "../fixes/preview-view";
import { preferredAccess } from "../fixes/tenant-access";
import { previewTenant } from "../remediation/preview";
import { previewCounts } from "./counts";
import type { BulkWorkerDeps } from "./deps";
import { isTransient, problemOf } from "./failures";
import { dbNow, withHeartbeat } from "./heartbeat";
import { BULK_QUEUES } from "./queue";
import { bulkOptions, previewTenantJob } from "./schemas";
import { timing } from "./timing";

export type PreviewTenantOutcome = "done" | "unreachable" | "retrying" | "not-mine";

/** How the MSP's own tenant is named in the users condition (instead of its bare id). */
export const PARTNER_NAME = "MSP (your MSP tenant)";

export async function runBulkPreviewTenant(deps: BulkWorkerDeps, data: unknown): Promise<PreviewTenantOutcome> {
  const job = previewTenantJob.parse(data);
  const { prisma } = deps;
  const t = timing(deps.timing);
  const key = { previewId_tenantId: { previewId: job.previewId, tenantId: job.tenantId } };
  const now = await dbNow(prisma); // heartbeats are the database's time (heartbeat.ts)
  // Claim: only a pending row no live job owns (a re-delivered or re-sent job finds it taken or done).
  const claimed = await prisma.bulkPreviewTenant.updateMany({
    where: { ...job, status: "pending", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now.getTime() - t.staleMs) } }] },
    data: { attempts: { increment: 1 }, heartbeatAt: now },
  });
  if (claimed.count === 0) return "not-mine";
  const row = await prisma.bulkPreviewTenant.findUniqueOrThrow({ where: key, include: { preview: true } });
  const attempt = row.attempts;
  await prisma.bulkPreview.updateMany({ where: { id: job.previewId, status: "queued" }, data: { status: "running" } });
  const mine = { ...job, status: "pending" as const, attempts: attempt };

  const outcome = await withHeartbeat(
    t.heartbeatMs,
    async () => prisma.bulkPreviewTenant.updateMany({ where: mine, data: { heartbeatAt: await dbNow(prisma) } }),
    async (): Promise<PreviewTenantOutcome> => {
      if (attempt > t.maxClaims) {
        const message = `Not read after ${t.maxClaims} attempts: the workers reading this tenant kept stopping before they finished (see the worker logs).`;
        await prisma.bulkPreviewTenant.updateMany({ where: mine, data: { status: "unreachable", problem: "unknown", message, heartbeatAt: null } });
        return "unreachable";
      }
      if (!deps.partnerTenantId) {
        const message = "PARTNER_TENANT_ID is not configured, so the MSP's exclusion cannot be planned.";
        await prisma.bulkPreviewTenant.updateMany({ where: mine, data: { status: "unreachable", problem: "unknown", message, heartbeatAt: null } });
        return "unreachable";
      }
      try {
        const options = bulkOptions.parse(row.preview.options);
        const tenant = await prisma.customerTenant.findUnique({ where: { id: job.tenantId }, select: { accessHealth: true } });
        const graph = await deps.openTenant(job.tenantId, preferredAccess(tenant?.accessHealth ?? null));
        const preview = await previewTenant({ graph, partnerTenantId: deps.partnerTenantId, includeDisabled: true });
        // previewTenant keeps report-only policies by default; the wizard's option covers both.
        const policies = options.includeDisabledAndReportOnly ? preview.policies : preview.policies.filter((p) => p.state === "enabled");
        const view = fixPreviewView(
          { ...preview, policies },
          { path: graph.access, fallbackReason: graph.fallbackReason?.message ?? null },
          { [deps.partnerTenantId]: PARTNER_NAME },
        );
        const counts = previewCounts(view.policies);
        await prisma.bulkPreviewTenant.updateMany({
          where: mine,
          data: { status: "done", result: view as unknown as Prisma.InputJsonValue, problem: null, message: null, ...counts, heartbeatAt: null },
        });
        return "done";
      } catch (error) {
        const { problem, message } = problemOf(error, deps.warn, job);
        if (isTransient(error) && attempt < t.maxAttempts) {
          // Released (heartbeatAt null) so the delayed job can claim it; the reason shows meanwhile.
          await prisma.bulkPreviewTenant.updateMany({
            where: mine,
            data: { heartbeatAt: null, queuedAt: await dbNow(prisma), problem, message: `Trying again: ${message}` },
          });
          await deps.queue.send(BULK_QUEUES.previewTenant, [{ data: job, startAfterMs: t.retryDelayMs }]);
          return "retrying";
        }
        await prisma.bulkPreviewTenant.updateMany({ where: mine, data: { status: "unreachable", problem, message, heartbeatAt: null } });
        return "unreachable";
      }
    },
    (error) => deps.warn({ err: error, ...job }, "bulk preview heartbeat failed"),
  );
  if (outcome !== "retrying") await completePreviewIfDone(deps.prisma, job.previewId);
  return outcome;
}

/**
 * Marks the preview completed once no tenant is pending. Each job commits its own row first, so of
 * two jobs finishing together the later one sees both; both seeing it is harmless (conditional update).
 */
export async function completePreviewIfDone(prisma: BulkWorkerDeps["prisma"], previewId: string): Promise<boolean> {
  const { count } = await prisma.bulkPreview.updateMany({
    where: { id: previewId, status: { in: ["queued", "running"] }, tenants: { none: { status: "pending" } } },
    data: { status: "completed", finishedAt: new Date() },
  });
  return count === 1;
}
