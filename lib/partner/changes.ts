// Every change the partner page makes, through the run service: excluding the service account from
// the partner tenant's policies, and creating, repairing and enforcing its dedicated policy. Each is
// previewed here (the partner tenant read live, lib/remediation's plan with the exact request) and
// stored as a run of kind "service-account-fix" in state `previewed`; the person confirms it through
// lib/runs like any other run, and a worker applies it.
import "server-only";
import { partnerTenantTitle } from "../names/store";
import type { RemediationAction } from "../remediation";
import { previewTenant } from "../remediation";
import { currentTarget, RunRefusal, recordPreview, tenantPreviewView, type RunOptions, type TenantPreviewView } from "../runs";
import { defaultPartnerContext, openPartnerTenant, partnerTenantIdOf, prismaOf, PartnerError, type PartnerActor, type PartnerContext } from "./context";

/** What the partner page can change. */
export const PARTNER_ACTIONS = [
  "exclude-service-account",
  "create-service-account-policy",
  "repair-service-account-policy",
  "enforce-service-account-policy",
] as const satisfies readonly RemediationAction[];
export type PartnerAction = (typeof PARTNER_ACTIONS)[number];

/** Every policy of the partner tenant, disabled ones too (they may be switched on later); needs-review ones ticked one by one. */
const PARTNER_OPTIONS: RunOptions = { scope: { states: "all" }, offerNeedsReview: true };

export const PARTNER_TENANT_NAME = "Partner tenant (MSP)";

/** Reads the partner tenant and stores the preview of `action`; returns what the person confirms (with the run id). */
export async function previewPartnerChange(action: PartnerAction, by: PartnerActor, ctx: PartnerContext = defaultPartnerContext()): Promise<TenantPreviewView> {
  const prisma = prismaOf(ctx);
  let target;
  try {
    target = await currentTarget(prisma, partnerTenantIdOf(ctx), action);
  } catch (error) {
    if (error instanceof RunRefusal) throw new PartnerError("conflict", error.message);
    throw error;
  }
  const graph = await openPartnerTenant(ctx);
  const preview = await previewTenant({ graph, target, scope: PARTNER_OPTIONS.scope });
  const runId = await recordPreview(prisma, {
    kind: "service-account-fix",
    target,
    options: PARTNER_OPTIONS,
    requestedBy: { id: by.id, upn: by.upn },
    preview,
  });
  const view = await tenantPreviewView(prisma, runId, graph.tenantId, { id: graph.tenantId, name: await partnerTenantTitle(prisma, graph.tenantId) });
  if (!view) throw new Error(`The preview ${runId} was stored but cannot be read back.`);
  return view;
}
