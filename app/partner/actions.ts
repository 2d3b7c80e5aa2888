"use server";
// Server actions for the partner tenant page (issue 6): thin wrappers over lib/partner.
//
// Roles (lib/auth/roles.ts; higher roles include lower ones):
// - reader: view the overview and the checklist (nothing changes).
// - operator: preview and apply the exclusion, create, repair and enforce the dedicated policy:
//   the same kind of Conditional Access change operators make in customer tenants, previewed and
//   recorded in history the same way.
// - admin: search the partner's users and choose the service account (it decides which account
//   every later step protects, like connecting the automation account, which is admin-only), and
//   attest that classic MFA trusted IPs are removed (a statement about a tenant-wide setting only a
//   Global Administrator can change, so the attesting person should be an admin).
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError, type ActionContext } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { GraphFailure } from "@/lib/graph";
import {
  applyServiceAccountExclusion,
  attestTrustedIpsRemoved,
  checklistState,
  chooseServiceAccount,
  chosenAccountInput,
  createDedicatedPolicy,
  enforceDedicatedPolicy,
  exclusionItems,
  exclusionPreviewView,
  exclusionResultView,
  PartnerError,
  partnerOverview,
  previewServiceAccountExclusion,
  readPartnerSettings,
  requireAccount,
  repairDedicatedPolicy,
  searchPartnerUsers,
  userQuery,
  type PartnerActor,
} from "@/lib/partner";
import { TenantBusyError } from "@/lib/remediation";

const actor = ({ user }: ActionContext): PartnerActor => ({ id: user.userId, upn: user.upn, objectId: user.objectId, tenantId: user.tenantId });

/** Expected failures reach the person as they are; anything else is logged by the action client. */
async function speaking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PartnerError) throw new ActionError(error.code, error.message);
    if (error instanceof TenantBusyError) throw new ActionError("conflict", error.message);
    if (error instanceof GraphFailure) throw new ActionError("failed", error.message);
    throw error;
  }
}

/** Writes are audited too (history has the details; the audit log says who pressed what). */
async function audited<T extends object>(name: string, ctx: ActionContext, work: () => Promise<T>): Promise<T> {
  const result = await speaking(work);
  await recordAudit(ctx.prisma, { action: name, result: "success", actor: ctx.user, ip: ctx.ip, detail: summaryOf(result) });
  return result;
}

function summaryOf(result: object): Record<string, string> {
  const r = result as { outcome?: unknown; runId?: unknown; policyId?: unknown };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries({ outcome: r.outcome, runId: r.runId, policyId: r.policyId })) if (typeof value === "string") out[key] = value;
  return out;
}

const none = z.strictObject({});

export const loadPartnerOverview = action({ name: "partner-overview", role: "reader", input: none }, () => speaking(() => partnerOverview()));

export const loadPartnerChecklist = action({ name: "partner-checklist", role: "reader", input: none }, () => speaking(() => checklistState()));

export const searchServiceAccountCandidates = action(
  { name: "partner-search-users", role: "admin", input: z.strictObject({ query: userQuery }) },
  ({ query }) => speaking(() => searchPartnerUsers(query)),
);

export const chooseAutomationServiceAccount = action({ name: "partner-choose-service-account", role: "admin", input: chosenAccountInput }, (input, ctx) =>
  // chooseServiceAccount writes its own audit row (with the previous account).
  speaking(() => chooseServiceAccount(input, actor(ctx))),
);

// The browser gets the worded view (lib/partner/exclusion-view.ts), not whole live policies.
export const previewExclusion = action({ name: "partner-preview-exclusion", role: "operator", input: none }, (_input, ctx) =>
  speaking(async () => {
    const preview = await previewServiceAccountExclusion();
    const account = requireAccount(await readPartnerSettings(ctx.prisma));
    return exclusionPreviewView(preview, account);
  }),
);

export const applyExclusion = action(
  { name: "partner-apply-exclusion", role: "operator", input: z.strictObject({ items: exclusionItems }) },
  ({ items }, ctx) => audited("partner-apply-exclusion", ctx, async () => exclusionResultView(await applyServiceAccountExclusion(items, actor(ctx)))),
);

// Always report-only: the issue asks for report-only first and enforcement as a separate, later step.
export const createServiceAccountPolicy = action({ name: "partner-create-dedicated-policy", role: "operator", input: none }, (_input, ctx) =>
  audited("partner-create-dedicated-policy", ctx, () => createDedicatedPolicy(actor(ctx))),
);

export const repairServiceAccountPolicy = action({ name: "partner-repair-dedicated-policy", role: "operator", input: none }, (_input, ctx) =>
  audited("partner-repair-dedicated-policy", ctx, () => repairDedicatedPolicy(actor(ctx))),
);

export const enforceServiceAccountPolicy = action({ name: "partner-enforce-dedicated-policy", role: "operator", input: none }, (_input, ctx) =>
  audited("partner-enforce-dedicated-policy", ctx, () => enforceDedicatedPolicy(actor(ctx))),
);

export const attestTrustedIps = action(
  { name: "partner-attest-trusted-ips", role: "admin", input: z.strictObject({ removed: z.boolean() }) },
  ({ removed }, ctx) =>
    // attestTrustedIpsRemoved writes its own audit row.
    speaking(() => attestTrustedIpsRemoved(removed, actor(ctx))),
);
