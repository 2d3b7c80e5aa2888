"use server";
// The bulk wizard's actions (lib/bulk does the work). The browser sends only ids, the options and
// the person's ticks; every policy is read live by the preview jobs and re-read by the engine
// before it writes.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { BulkRefusal, cancelBulkRun, pgBossQueue, retryFailedTenants, startBulkPreview, startBulkRun } from "@/lib/bulk";
import { roleForRunFromPreview } from "@/lib/bulk/run-role";
import { bulkOptions, confirmedNeedsReview, tenantIds } from "@/lib/bulk/schemas";
import { queueClient } from "@/lib/jobs/client";

const id = z.uuid().transform((v) => v.toLowerCase());

/** lib/bulk's refusals are written for the person; anything else stays a logged error. */
async function refusalsAsActionErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BulkRefusal) throw new ActionError(error.code === "invalid" ? "conflict" : error.code, error.message);
    throw error;
  }
}

export const startBulkPreviewAction = action(
  { name: "bulk-preview", role: "operator", input: z.strictObject({ tenantIds, options: bulkOptions }) },
  async (input, { user, prisma, ip }): Promise<{ previewId: string }> => {
    const queue = pgBossQueue(await queueClient());
    const previewId = await refusalsAsActionErrors(() =>
      startBulkPreview({ prisma, queue, tenantIds: input.tenantIds, options: input.options, requestedBy: { id: user.userId, upn: user.upn } }),
    );
    await recordAudit(prisma, {
      action: "bulk-preview",
      result: "success",
      actor: user,
      ip,
      targetId: previewId,
      detail: { tenants: input.tenantIds.length, options: { ...input.options } },
    });
    return { previewId };
  },
);

export const startBulkRunAction = action(
  // Operators run what they selected; a run over every customer tenant needs an admin (lib/bulk/run-role.ts).
  {
    name: "bulk-run",
    role: "operator",
    input: z.strictObject({ previewId: id, confirmedNeedsReview }),
    roleFor: ({ previewId }, prisma) => roleForRunFromPreview(prisma, previewId),
  },
  async (input, { user, prisma, ip }): Promise<{ runId: string }> => {
    const queue = pgBossQueue(await queueClient());
    const runId = await refusalsAsActionErrors(() =>
      startBulkRun({
        prisma,
        queue,
        previewId: input.previewId,
        confirmedNeedsReview: input.confirmedNeedsReview,
        requestedBy: { id: user.userId, upn: user.upn },
      }),
    );
    const tenants = await prisma.bulkRunTenant.count({ where: { runId } });
    await recordAudit(prisma, {
      action: "bulk-run",
      result: "success",
      actor: user,
      ip,
      targetId: runId,
      detail: { previewId: input.previewId, tenants, confirmedNeedsReview: input.confirmedNeedsReview.length },
    });
    return { runId };
  },
);

export const cancelBulkRunAction = action(
  { name: "bulk-cancel", role: "operator", input: z.strictObject({ runId: id }) },
  async (
    input,
    { user, prisma, ip },
  ): Promise<{ acknowledgedAt: string; notDone: number; notDoneTenants: { tenantId: string; displayName: string; status: string }[]; note: string | null }> => {
    const result = await refusalsAsActionErrors(() => cancelBulkRun({ prisma, runId: input.runId, by: user.upn }));
    await recordAudit(prisma, {
      action: "bulk-cancel",
      result: "success",
      actor: user,
      ip,
      targetId: input.runId,
      detail: { acknowledgedAt: result.acknowledgedAt.toISOString(), notDone: result.notDone.length, writesInFlight: result.writesInFlight },
    });
    return { acknowledgedAt: result.acknowledgedAt.toISOString(), notDone: result.notDone.length, notDoneTenants: result.notDone, note: result.note };
  },
);

export const retryFailedAction = action(
  { name: "bulk-retry-failed", role: "operator", input: z.strictObject({ runId: id }) },
  async (input, { user, prisma, ip }): Promise<{ previewId: string }> => {
    const queue = pgBossQueue(await queueClient());
    const previewId = await refusalsAsActionErrors(() =>
      retryFailedTenants({ prisma, queue, runId: input.runId, requestedBy: { id: user.userId, upn: user.upn } }),
    );
    await recordAudit(prisma, { action: "bulk-retry-failed", result: "success", actor: user, ip, targetId: input.runId, detail: { previewId } });
    return { previewId };
  },
);
