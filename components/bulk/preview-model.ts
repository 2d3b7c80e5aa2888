// What the preview page derives from RunPreviewView: whether it is still reading, the
// unreachable tenants by problem, the order of the tenant rows, and what Confirm would send.
import { accessLabel } from "@/components/tenants/access";
import type { PreviewTenantSummary, ReadOnlyGdapProblem, RunPreviewView } from "@/lib/runs/views";

/** lib/runs' problem of a tenant left out for read-only GDAP (typed by it, so the two cannot differ). */
const READ_ONLY_GDAP: ReadOnlyGdapProblem = "read-only-gdap";

/** Every tenant has been read (or found unreachable): the preview does not change any more. */
export const previewRead = (status: RunPreviewView["status"]) => status !== "previewing";

export interface UnreachableGroup {
  problem: string;
  label: string;
  tenants: { tenantId: string; displayName: string; message: string }[];
}

/** Unreachable tenants grouped by problem, the largest group first, with the sync's words for it. */
export function groupUnreachable(tenants: readonly PreviewTenantSummary[]): UnreachableGroup[] {
  const groups = new Map<string, UnreachableGroup>();
  for (const t of tenants) {
    if (t.status !== "unreachable") continue;
    const problem = t.problem?.problem ?? "unknown";
    let group = groups.get(problem);
    if (!group) {
      group = { problem, label: problem === "unknown" ? "Unknown problem" : accessLabel(problem).label, tenants: [] };
      groups.set(problem, group);
    }
    group.tenants.push({ tenantId: t.tenantId, displayName: t.displayName, message: t.problem?.message ?? "The tenant could not be read." });
  }
  return [...groups.values()].sort((a, b) => b.tenants.length - a.tenants.length || a.label.localeCompare(b.label));
}

/** Read and planned, but left out of the run: its GDAP roles cannot write Conditional Access. */
export const isLeftOut = (t: Pick<PreviewTenantSummary, "status" | "problem">) => t.status !== "unreachable" && t.problem?.problem === READ_ONLY_GDAP;

/** The tenants left out of the run for read-only GDAP, by name, with the reason. */
export function leftOutTenants(tenants: readonly PreviewTenantSummary[]): { tenantId: string; displayName: string; message: string }[] {
  return tenants
    .filter(isLeftOut)
    .map((t) => ({ tenantId: t.tenantId, displayName: t.displayName, message: t.problem?.message ?? "Read-only GDAP." }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Rows with something to do first, then those left out and unreachable ones, then still being read, then nothing to do. */
export function sortPreviewTenants(tenants: readonly PreviewTenantSummary[]): PreviewTenantSummary[] {
  const rank = (t: PreviewTenantSummary) =>
    isLeftOut(t)
      ? 2
      : t.status !== "reading" && t.status !== "unreachable"
        ? t.toChange > 0
          ? 0
          : t.needsReview > 0
            ? 1
            : 4
        : t.status === "unreachable"
          ? 2
          : 3;
  return [...tenants].sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

/** Needs-review policies the person ticked, kept by tenant so the rows can be collapsed and reopened. */
export type ConfirmedReview = ReadonlyMap<string, ReadonlySet<string>>;

export function toggleConfirmed(confirmed: ConfirmedReview, tenantId: string, policyId: string, on: boolean): Map<string, ReadonlySet<string>> {
  const next = new Map(confirmed);
  const set = new Set(next.get(tenantId) ?? []);
  if (on) set.add(policyId);
  else set.delete(policyId);
  if (set.size > 0) next.set(tenantId, set);
  else next.delete(tenantId);
  return next;
}

export function confirmedList(confirmed: ConfirmedReview): { tenantId: string; policyId: string }[] {
  return [...confirmed].flatMap(([tenantId, policies]) => [...policies].map((policyId) => ({ tenantId, policyId })));
}

/**
 * What a run from this preview would change: the planned policies plus the ticked needs-review
 * ones, in the tenants that have any. Ticks in tenants the preview no longer plans are ignored.
 * Tenants left out for read-only GDAP are counted apart: confirming sends nothing to them.
 */
export function runScope(
  preview: Pick<RunPreviewView, "tenants" | "options">,
  confirmed: ConfirmedReview,
): { policies: number; tenants: number; leftOut: number } {
  let policies = 0;
  let tenants = 0;
  let leftOut = 0;
  for (const t of preview.tenants) {
    if (t.status === "reading" || t.status === "unreachable") continue;
    if (isLeftOut(t)) {
      leftOut += 1;
      continue;
    }
    const ticked = preview.options.offerNeedsReview ? Math.min(confirmed.get(t.tenantId)?.size ?? 0, t.needsReview) : 0;
    const n = t.toChange + ticked;
    policies += n;
    if (n > 0) tenants += 1;
  }
  return { policies, tenants, leftOut };
}
