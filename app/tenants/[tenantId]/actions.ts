"use server";
// The tenant page's fix preview. The browser sends only ids: the live policies are read from Graph
// here, planned by the engine and stored as a run in state `previewed` (lib/runs); confirming,
// cancelling and retrying are the run service's actions (app/runs/actions.ts), and the engine
// re-reads every policy again before it writes.
import { z } from "zod";
import { action } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { tenantGraph } from "@/lib/graph";
import { previewTenant } from "@/lib/remediation";
import { currentTarget, preferredAccess, recordPreview, tenantPreviewView, type TenantPreviewView } from "@/lib/runs";

const tenantId = z.uuid().transform((id) => id.toLowerCase());

/** The live preview (Graph, not snapshots) of a fix of these policies (default: every enabled or report-only one). */
export const previewFix = action(
  {
    name: "preview-fix",
    role: "operator",
    input: z.strictObject({
      tenantId,
      policyIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
      /** "Retry": the run whose failure this preview follows. */
      retryOf: z.uuid().optional(),
    }),
    tenantOf: (i) => i.tenantId,
  },
  async (input, { user, prisma }): Promise<TenantPreviewView> => {
    const target = await currentTarget(prisma, config().partnerTenantId, "exclude-service-provider");
    const tenant = await prisma.customerTenant.findUnique({ where: { id: input.tenantId }, select: { accessHealth: true } });
    const graph = await tenantGraph(input.tenantId, { prefer: preferredAccess(tenant?.accessHealth ?? null) });
    const scope = input.policyIds ? { policyIds: input.policyIds } : { states: "enabled-and-report-only" as const };
    const preview = await previewTenant({ graph, target, scope });
    const runId = await recordPreview(prisma, {
      kind: input.policyIds ? "policy-fix" : "tenant-fix",
      target,
      options: { scope, offerNeedsReview: true },
      requestedBy: { id: user.userId, upn: user.upn },
      preview,
      ...(input.retryOf ? { retryOfId: input.retryOf.toLowerCase() } : {}),
    });
    const view = await tenantPreviewView(prisma, runId, input.tenantId);
    if (!view) throw new Error(`The preview ${runId} was stored but cannot be read back.`);
    return view;
  },
);
