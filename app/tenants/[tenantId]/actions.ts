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
import { recordAudit } from "@/lib/audit/record";
import type { ActionContext } from "@/lib/auth/action-client";
import type { TenantGraph } from "@/lib/graph/tenant-graph-contract";
import { plannedForPreview, type PlannedVerdict } from "@/lib/proof";
import {
  currentTarget,
  gdapWriteRefusal,
  preferredAccess,
  readOnlyGdapOf,
  RunRefusal,
  recordPreview,
  tenantPreviewView,
  type TenantPreviewView,
} from "@/lib/runs";

const tenantId = z.uuid().transform((id) => id.toLowerCase());

/** GDAP ended means no writes (lib/runs/gdap-gate.ts): the preview says so instead of planning any, and the refusal is audited. */
async function refuseWhenGdapEnded(ctx: ActionContext, id: string, opened?: TenantGraph): Promise<void> {
  const refusal = await gdapWriteRefusal(ctx.prisma, config().partnerTenantId, id, opened);
  if (refusal === null) return;
  await recordAudit(ctx.prisma, { action: "preview-fix", result: "denied", actor: ctx.user, ip: ctx.ip, targetTenantId: id, detail: { reason: "gdap-ended" } });
  throw new RunRefusal("conflict", refusal);
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
  async (input, ctx): Promise<TenantPreviewView & { signIn: PlannedVerdict[] | null }> => {
    const { user, prisma } = ctx;
    const target = await currentTarget(prisma, config().partnerTenantId, "exclude-service-provider");
    const tenant = await prisma.customerTenant.findUnique({ where: { id: input.tenantId }, select: { accessHealth: true } });
    await refuseWhenGdapEnded(ctx, input.tenantId);
    const graph = await tenantGraph(input.tenantId, { prefer: preferredAccess(tenant?.accessHealth ?? null) });
    await refuseWhenGdapEnded(ctx, input.tenantId, graph);
    const scope = input.policyIds ? { policyIds: input.policyIds } : { states: "enabled-and-report-only" as const };
    const preview = await previewTenant({ graph, target, scope });
    const runId = await recordPreview(prisma, {
      kind: input.policyIds ? "policy-fix" : "tenant-fix",
      target,
      options: { scope, offerNeedsReview: true },
      requestedBy: { id: user.userId, upn: user.upn },
      preview,
      // Said before the write: GDAP roles that cannot change CA (lib/runs/read-only-gdap.ts) mark the preview, and confirming sends nothing.
      readOnlyGdap: await readOnlyGdapOf(prisma, config().partnerTenantId, input.tenantId, graph),
      ...(input.retryOf ? { retryOfId: input.retryOf.toLowerCase() } : {}),
    });
    const view = await tenantPreviewView(prisma, runId, input.tenantId);
    if (!view) throw new Error(`The preview ${runId} was stored but cannot be read back.`);
    // Proof of access: the MSP's sign-in verdict before and after the planned change (lib/ca's What If on the planned policies).
    const signIn = await plannedForPreview({
      prisma,
      graph,
      tenantId: input.tenantId,
      partnerTenantId: config().partnerTenantId ?? "",
      changes: preview.policies,
    });
    return { ...view, signIn };
  },
);
