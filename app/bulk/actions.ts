"use server";
// The bulk wizard's preview (lib/bulk). Confirming, cancelling and retrying are the run service's
// actions (app/runs/actions.ts). The browser sends only ids and the options; every policy is read
// live by the preview jobs and re-read by the engine before it writes.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { bulkOptions, startBulkPreview, tenantIds } from "@/lib/bulk";
import { config } from "@/lib/config";
import { automationReadiness } from "@/lib/graph";
import { queueFor } from "@/lib/runs";

export const startBulkPreviewAction = action(
  { name: "bulk-preview", role: "operator", input: z.strictObject({ tenantIds, options: bulkOptions }), tenantsOf: async (i) => ({ tenantIds: i.tenantIds }) },
  async (input, { user, prisma, ip }): Promise<{ previewId: string }> => {
    // Without a working automation account every tenant's read would fail in the worker: refused here, in words.
    const readiness = await automationReadiness();
    if (!readiness.ready) {
      await recordAudit(prisma, { action: "bulk-preview", result: "denied", actor: user, ip, detail: { reason: "automation account not ready" } });
      throw new ActionError("conflict", `The preview was not started. ${readiness.reason}`);
    }
    const previewId = await startBulkPreview({
      prisma,
      queue: await queueFor(prisma),
      tenantIds: input.tenantIds,
      options: input.options,
      requestedBy: { id: user.userId, upn: user.upn },
      partnerTenantId: config().partnerTenantId,
    });
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
