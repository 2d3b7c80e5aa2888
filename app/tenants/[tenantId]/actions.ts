"use server";
// The tenant page's fix actions. The browser sends only ids, the fingerprints the preview showed
// and the person's ticks: every policy body is re-read from Graph, for the preview here and again
// by the engine before it writes (lib/remediation).
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { fixPreviewView, type FixPreview } from "@/lib/fixes/preview-view";
import { fixItems, type TenantFixJob } from "@/lib/fixes/schemas";
import { isGraphFailure, preferredAccess } from "@/lib/fixes/tenant-access";
import { tenantGraph } from "@/lib/graph";
import { queueClient } from "@/lib/jobs/client";
import { QUEUES } from "@/lib/jobs/queue";
import { createRun, endRun, previewTenant } from "@/lib/remediation";

const tenantId = z.uuid().transform((id) => id.toLowerCase());

function partnerTenantId(): string {
  const partner = config().partnerTenantId;
  if (!partner) throw new ActionError("failed", "PARTNER_TENANT_ID is not configured, so the MSP's exclusion cannot be planned.");
  return partner;
}

/** The live preview (Graph, not snapshots): what a fix of these policies (default: every enabled or report-only one) would send. */
export const previewFix = action(
  {
    name: "preview-fix",
    role: "operator",
    input: z.strictObject({ tenantId, policyIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional() }),
    tenantOf: (i) => i.tenantId,
  },
  async (input, { prisma }): Promise<FixPreview> => {
    const partner = partnerTenantId();
    const tenant = await prisma.customerTenant.findUnique({ where: { id: input.tenantId }, select: { accessHealth: true } });
    try {
      const graph = await tenantGraph(input.tenantId, { prefer: preferredAccess(tenant?.accessHealth ?? null) });
      const preview = await previewTenant({ graph, partnerTenantId: partner, ...(input.policyIds ? { policyIds: input.policyIds } : {}) });
      return fixPreviewView(preview, { path: graph.access, fallbackReason: graph.fallbackReason?.message ?? null }, { [partner]: "MSP (your MSP tenant)" });
    } catch (error) {
      if (isGraphFailure(error)) throw new ActionError("failed", error.message);
      throw error;
    }
  },
);

/** Records the run (who, what, with which confirmations) and queues it; the dialog polls /api/runs/{id}. */
export const startFix = action(
  {
    name: "start-fix",
    role: "operator",
    input: z
      .strictObject({ tenantId, kind: z.enum(["tenant-fix", "policy-fix"]), items: fixItems })
      .refine((i) => i.kind === "tenant-fix" || i.items.length === 1, { message: "A policy fix is for exactly one policy.", path: ["items"] }),
    tenantOf: (i) => i.tenantId,
  },
  async (input, { user, prisma, ip }) => {
    const partner = partnerTenantId();
    const run = await createRun(prisma, {
      kind: input.kind,
      requestedBy: { id: user.userId, upn: user.upn },
      scope: { tenantId: input.tenantId, policyIds: input.items.map((i) => i.policyId) },
      options: { action: "exclude-service-provider", partnerTenantId: partner, items: input.items },
    });
    const job: TenantFixJob = { runId: run.id, tenantId: input.tenantId, items: input.items };
    try {
      // No retries: a fix re-delivered after a partial run could only fail to start (see the job).
      await (await queueClient()).send(QUEUES.tenantFix, job, { retryLimit: 0 });
    } catch (error) {
      await endRun(prisma, run.id, "failed", "The fix could not be queued for a worker; nothing was changed.");
      throw error;
    }
    await recordAudit(prisma, {
      action: "start-fix",
      result: "success",
      actor: user,
      ip,
      targetTenantId: input.tenantId,
      targetId: run.id,
      detail: { kind: input.kind, policies: input.items.length },
    });
    return { runId: run.id };
  },
);
