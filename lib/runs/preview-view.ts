// The preview as a person reads it, computed when it is read from the engine-level items stored
// with the run (lib/remediation/items.ts): the users condition before and after in words, the whole
// policy in words for the dedicated policy's actions, the exact request, totals over tenants.
import { applyGraphPatch, describePolicy, SECTION, withNames, type DescribeOptions, type DescriptionSection } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import { describeOptionsByTenant, partnerLabel } from "../names/store";
import { readPortalSettings } from "../db/queries/portal-settings";
import { canonicalJson, fixTarget, isDedicatedPolicyAction, tenantPreview, type FixTarget, type PolicyPreview } from "../remediation";
import { runOptions } from "./options";
import { READ_ONLY_GDAP } from "./read-only-gdap";
import { runHead } from "./status";
import { namedTenantViews, tenantNames } from "./tenant-names";
import type { PolicyPreviewView, PreviewTenantSummary, RunPreviewView, TenantPreviewView } from "./views";

/** How the MSP's own tenant is named until a sync has read its name from Graph (lib/names/store.ts partnerLabel). */
export const PARTNER_NAME = "your MSP tenant";

/** Names lib/ca uses instead of bare ids: the MSP's tenant, the service account, and what the sync named (lib/names). */
export type PreviewNames = DescribeOptions;

/** `partnerName`: the partner tenant's label (its name from Graph); `tenantNames`: the names the sync stored for the tenant. */
export function namesFor(target: FixTarget | null, partnerName: string = PARTNER_NAME, tenantNames: DescribeOptions = {}): PreviewNames {
  const merge = (own: { tenants: Record<string, string>; directoryObjects: Record<string, string> }): PreviewNames => ({
    ...tenantNames,
    tenants: { ...tenantNames.tenants, ...own.tenants },
    directoryObjects: { ...tenantNames.directoryObjects, ...own.directoryObjects },
  });
  if (target === null) return merge({ tenants: {}, directoryObjects: {} });
  if (target.action === "exclude-service-provider" || target.action === "restore-before")
    return merge({ tenants: { [target.partnerTenantId]: partnerName }, directoryObjects: {} });
  return merge({ tenants: {}, directoryObjects: { [target.accountObjectId]: `${target.accountUpn} (the service account)` } });
}

function describe(policy: Record<string, unknown> | null, names: PreviewNames): DescriptionSection[] | null {
  if (policy === null) return null;
  try {
    return describePolicy(policy, names);
  } catch {
    return null;
  }
}

function usersOf(policy: Record<string, unknown> | null): unknown {
  const conditions = policy?.conditions;
  if (typeof conditions !== "object" || conditions === null) return null;
  return (conditions as Record<string, unknown>).users ?? null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function changedProperties(before: unknown, after: unknown): string[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((key) => canonicalJson(b[key] ?? null) !== canonicalJson(a[key] ?? null));
}

/** The policy as it would be after the request: a POST's body, or the live policy with the PATCH applied (Graph's semantics). */
function afterRequest(item: PolicyPreview): Record<string, unknown> | null {
  if (item.request === null) return item.before;
  if (item.request.method === "POST") return item.request.body;
  return item.before === null ? null : applyGraphPatch(item.before, item.request.body);
}

export function policyPreviewView(item: PolicyPreview, names: PreviewNames): PolicyPreviewView {
  const after = afterRequest(item);
  const usersLines = (policy: Record<string, unknown> | null) =>
    describe(policy, names)
      ?.find((s) => s.section === SECTION.users)
      ?.lines.slice() ?? [];
  return {
    key: item.policyId ?? "new-policy",
    policyId: item.policyId,
    name: item.name,
    state: item.state,
    outcome: item.outcome,
    reason: withNames(item.reason, names),
    warnings: item.warnings.map((w) => withNames(w, names)),
    users: {
      before: usersOf(item.before),
      after: usersOf(after),
      changed: item.request ? changedProperties(usersOf(item.before), usersOf(after)) : [],
      describedBefore: usersLines(item.before),
      describedAfter: usersLines(after),
    },
    policy: isDedicatedPolicyAction(item.action)
      ? { describedBefore: describe(item.before, names), describedAfter: item.request ? describe(after, names) : null }
      : null,
    request: item.request ? { method: item.request.method, path: item.request.path, body: item.request.body } : null,
    requiresConfirmation: item.requiresConfirmation,
  };
}

/** Policies with something to send first, so the person sees what will change without scrolling. */
export function sortedForPreview(policies: PolicyPreviewView[]): PolicyPreviewView[] {
  const rank = (p: PolicyPreviewView) => (p.request ? (p.requiresConfirmation ? 1 : 0) : 2);
  return [...policies].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** `partnerName` names the MSP's own tenant (it is no customer tenant, so it has no display name of its own here). */
export async function tenantPreviewView(
  prisma: PrismaClient,
  runId: string,
  tenantId: string,
  partnerName?: { id: string; name: string },
): Promise<TenantPreviewView | null> {
  const row = await prisma.runTenant.findUnique({
    where: { runId_tenantId: { runId: runId.toLowerCase(), tenantId: tenantId.toLowerCase() } },
    include: { run: { select: { target: true, action: true } } },
  });
  if (!row) return null;
  const nameOf = await tenantNames(prisma, [row.tenantId]);
  const target = fixTarget.safeParse(row.run.target);
  const partnerTenantId = target.success && "partnerTenantId" in target.data ? target.data.partnerTenantId : (partnerName?.id ?? null);
  const stored = await describeOptionsByTenant(prisma, [row.tenantId], null);
  const label = partnerTenantId ? await partnerLabel(prisma, partnerTenantId) : PARTNER_NAME;
  const names = namesFor(target.success ? target.data : null, label, stored(row.tenantId));
  const preview = row.preview === null ? null : tenantPreview.parse(row.preview);
  return {
    runId: row.runId,
    tenantId: row.tenantId,
    displayName: partnerName && partnerName.id === row.tenantId ? partnerName.name : nameOf(row.tenantId),
    action: row.run.action,
    access: preview?.access ?? null,
    problem: row.problem !== null && row.message !== null ? { problem: row.problem, message: row.message } : null,
    policies: sortedForPreview((preview?.policies ?? []).map((p) => policyPreviewView(p, names))),
    missing: preview?.missing ?? [],
    leftOut: preview?.leftOut ?? [],
    ticketRequired: (await readPortalSettings(prisma)).ticketRequired,
  };
}

export function previewTotals(tenants: readonly PreviewTenantSummary[]): RunPreviewView["totals"] {
  const unreachableByProblem: Record<string, number> = {};
  let policiesToChange = 0;
  let policiesToSkip = 0;
  let policiesNeedingReview = 0;
  let unreachableTenants = 0;
  let leftOutTenants = 0;
  for (const t of tenants) {
    // Left out for read-only GDAP (read-only-gdap.ts): its planned changes are shown, not part of the run.
    if (t.problem?.problem === READ_ONLY_GDAP) {
      leftOutTenants += 1;
      continue;
    }
    policiesToChange += t.toChange;
    policiesToSkip += t.toSkip;
    policiesNeedingReview += t.needsReview;
    if (t.status === "unreachable") {
      unreachableTenants += 1;
      const problem = t.problem?.problem ?? "unknown";
      unreachableByProblem[problem] = (unreachableByProblem[problem] ?? 0) + 1;
    }
  }
  return { tenants: tenants.length, policiesToChange, policiesToSkip, policiesNeedingReview, unreachableTenants, unreachableByProblem, leftOutTenants };
}

export async function runPreviewView(prisma: PrismaClient, runId: string): Promise<RunPreviewView | null> {
  const run = await prisma.remediationRun.findUnique({
    where: { id: runId.toLowerCase() },
    include: {
      tenants: { select: { tenantId: true, status: true, toChange: true, toSkip: true, needsReview: true, problem: true, message: true, items: true } },
    },
  });
  if (!run) return null;
  const options = runOptions.safeParse(run.options);
  const tenants: PreviewTenantSummary[] = await namedTenantViews(prisma, run.tenants, (t, displayName) => ({
    tenantId: t.tenantId,
    displayName,
    status: t.status,
    toChange: t.toChange,
    toSkip: t.toSkip,
    needsReview: t.needsReview,
    problem: t.problem !== null && t.message !== null ? { problem: t.problem, message: t.message } : null,
    chosen: Array.isArray(t.items) ? t.items.length : run.confirmedAt !== null ? 0 : null,
  }));
  return {
    ...runHead(run),
    options: options.success ? options.data : { scope: {}, offerNeedsReview: false },

    createdAt: run.createdAt.toISOString(),
    progress: { done: tenants.filter((t) => t.status !== "reading").length, total: tenants.length },
    totals: previewTotals(tenants),
    tenants,
    ticketRequired: (await readPortalSettings(prisma)).ticketRequired,
    confirmed: run.confirmedAt !== null,
  };
}
