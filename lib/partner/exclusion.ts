// Excluding the service account from every existing policy of the partner tenant: the remediation
// engine's own preview and apply (action "exclude-service-account"), with its history, re-reads,
// verification and per-tenant lock. The dedicated policy is never part of it: it is left out of the
// preview and refused in an apply, whatever lib/ca would plan for it.
import "server-only";
import { z } from "zod";
import { previewTenant, runTenantFix, itemsFromPreview, withTenantLock, type ApplyItem, type ApplyResult, type TenantPreview } from "../remediation";
import { defaultPartnerContext, prismaOf, PartnerError, type PartnerActor, type PartnerContext } from "./context";
import { findDedicatedPolicy } from "./dedicated-policy-shape";
import { openPartnerTenant } from "./partner-tenant";
import { settleInterruptedWrites } from "./recorded-write";
import { readPartnerSettings, requireAccount } from "./settings-row";

export interface ExclusionPreview {
  /** The engine's preview of every policy except the dedicated one (disabled ones included: they may be switched on later). */
  preview: TenantPreview;
  /** The dedicated policy, which the exclusion never touches, and what lib/ca would have planned for it. */
  dedicated: { policyId: string; name: string; plannedOutcome: string | null } | null;
  /** What "apply" sends back for a plain confirm (needs-review policies only when ticked). */
  items: ApplyItem[];
}

export async function previewServiceAccountExclusion(ctx: PartnerContext = defaultPartnerContext()): Promise<ExclusionPreview> {
  const settings = await readPartnerSettings(prismaOf(ctx));
  const account = requireAccount(settings);
  const { graph } = await openPartnerTenant(ctx);
  const full = await previewTenant({ graph, action: "exclude-service-account", accountObjectId: account.id, includeDisabled: true });
  const found = findDedicatedPolicy(
    full.policies.map((p) => p.policy),
    settings,
  );
  const dedicatedPreview = found ? full.policies.find((p) => p.policyId === found.policy.id) : undefined;
  const preview: TenantPreview = { ...full, policies: full.policies.filter((p) => p.policyId !== found?.policy.id) };
  return {
    preview,
    dedicated: dedicatedPreview
      ? { policyId: dedicatedPreview.policyId, name: dedicatedPreview.name, plannedOutcome: dedicatedPreview.plan?.outcome ?? null }
      : null,
    items: itemsFromPreview(preview),
  };
}

/** What the browser sends back: ids, the preview's fingerprints and the ticks, never a policy body. */
export const exclusionItems = z
  .array(
    z.strictObject({
      policyId: z.string().min(1).max(200),
      expectedFingerprint: z.string().min(1).max(2000),
      confirmedNeedsReview: z.boolean(),
    }),
  )
  .min(1)
  .max(300)
  .refine((items) => new Set(items.map((i) => i.policyId)).size === items.length, { message: "Each policy may be listed once." });

/** Applies a confirmed preview through the engine, as one run of kind "service-account-fix". */
export async function applyServiceAccountExclusion(
  rawItems: unknown,
  by: PartnerActor,
  ctx: PartnerContext = defaultPartnerContext(),
): Promise<{ runId: string; result: ApplyResult }> {
  const items = exclusionItems.parse(rawItems);
  const prisma = prismaOf(ctx);
  const settings = await readPartnerSettings(prisma);
  const account = requireAccount(settings);
  const tenant = await openPartnerTenant(ctx);
  const found = findDedicatedPolicy(await tenant.graph.listPolicies(), settings);
  if (found && items.some((item) => item.policyId === found.policy.id)) {
    throw new PartnerError("conflict", `"${found.policy.displayName}" is the service account's dedicated policy; the exclusion never touches it.`);
  }
  // Dedicated-policy writes an earlier crash left pending are settled here: the engine's own
  // reconciliation (run inside apply) only knows exclusion PATCHes.
  await withTenantLock(prisma, tenant.graph.tenantId, () => settleInterruptedWrites(prisma, tenant));
  return runTenantFix({
    prisma,
    graph: tenant.graph,
    kind: "service-account-fix",
    requestedBy: { id: by.id, upn: by.upn },
    action: "exclude-service-account",
    accountObjectId: account.id,
    items,
  });
}
