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
import type { PrismaClient } from "@/lib/db/generated/client";
import type { TenantGraph } from "@/lib/graph/tenant-graph-contract";
import { currentTarget, gdapWriteRefusal, preferredAccess, RunRefusal, recordPreview, tenantPreviewView, type TenantPreviewView } from "@/lib/runs";

const tenantId = z.uuid().transform((id) => id.toLowerCase());

/** GDAP ended means no writes (lib/runs/gdap-gate.ts): the preview says so instead of planning any. */
async function refuseWhenGdapEnded(prisma: PrismaClient, id: string, opened?: TenantGraph): Promise<void> {
  const refusal = await gdapWriteRefusal(prisma, config().partnerTenantId, id, opened);
  if (refusal !== null) throw new RunRefusal("conflict", refusal);
}

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
    await refuseWhenGdapEnded(prisma, input.tenantId);
    const graph = await tenantGraph(input.tenantId, { prefer: preferredAccess(tenant?.accessHealth ?? null) });
    await refuseWhenGdapEnded(prisma, input.tenantId, graph);
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
