// The preview: what the engine would send to a tenant, built from its live policies (one list
// request), for a person to confirm before anything is written. Stored with the run as engine-level
// items (items.ts); every view of it (users before and after, descriptions) is computed from those.
import type { AccessPath, GraphPolicy, TenantGraph } from "../graph/tenant-graph-contract";
import { isDedicatedPolicyAction, type FixTarget } from "./actions";
import { liveDedicatedPolicy, type DedicatedTarget } from "./dedicated-policy";
import { itemFingerprint } from "./fingerprint";
import type { PolicyPreview, TenantPreview } from "./items";
import { planItem, type PlannedItem } from "./plan";

/** Which policies an exclusion previews: the ones named, or every policy in these states. */
export interface PolicyScope {
  /** Only these policies (whatever their state). */
  policyIds?: readonly string[];
  /** Without policyIds: "enabled" only, "enabled-and-report-only" (the default), or "all" (disabled ones too). */
  states?: "enabled" | "enabled-and-report-only" | "all";
}

export interface PreviewOptions {
  graph: TenantGraph;
  target: FixTarget;
  scope?: PolicyScope;
}

function inScope(policy: GraphPolicy, states: NonNullable<PolicyScope["states"]>): boolean {
  if (states === "all") return true;
  if (states === "enabled") return policy.state === "enabled";
  return policy.state !== "disabled";
}

function accessOf(graph: TenantGraph): { path: AccessPath; fallbackReason: string | null } {
  return { path: graph.access, fallbackReason: graph.fallbackReason?.message ?? null };
}

export async function previewTenant({ graph, target, scope = {} }: PreviewOptions): Promise<TenantPreview> {
  const live = await graph.listPolicies();
  return previewOfPolicies(graph.tenantId, accessOf(graph), target, live, scope);
}

/** The preview of already-read policies (pure). */
export function previewOfPolicies(
  tenantId: string,
  access: TenantPreview["access"],
  target: FixTarget,
  live: readonly GraphPolicy[],
  scope: PolicyScope = {},
): TenantPreview {
  const base = { tenantId, action: target.action, access, missing: [] as string[], leftOut: [] as TenantPreview["leftOut"] };
  if (isDedicatedPolicyAction(target.action)) {
    const dedicatedTarget = target as DedicatedTarget;
    const dedicated = liveDedicatedPolicy(dedicatedTarget, live);
    return { ...base, policies: [previewPolicy(target, dedicated, dedicatedTarget.dedicatedPolicy.dedicatedPolicyName)] };
  }
  if (target.action === "restore-before") {
    // The run's own policies in this tenant; one gone since is listed as missing.
    const mine = Object.entries(target.restores).filter(([, r]) => r.tenantId === tenantId.toLowerCase());
    const present = new Set(live.map((p) => p.id));
    return {
      ...base,
      policies: live.filter((p) => target.restores[p.id]?.tenantId === tenantId.toLowerCase()).map((p) => previewPolicy(target, p)),
      missing: mine.filter(([id]) => !present.has(id)).map(([id]) => id),
    };
  }
  const wanted = scope.policyIds === undefined ? null : new Set(scope.policyIds);
  let selected = live.filter((policy) => (wanted === null ? inScope(policy, scope.states ?? "enabled-and-report-only") : wanted.has(policy.id)));
  const leftOut: TenantPreview["leftOut"] = [];
  if (target.action === "exclude-service-account") {
    // The account's dedicated policy governs the account: excluding it from that one would undo it.
    const dedicated = liveDedicatedPolicy(target, live);
    if (dedicated) {
      leftOut.push({ policyId: dedicated.id, name: dedicated.displayName, reason: "the service account's dedicated policy: the exclusion never touches it" });
      selected = selected.filter((policy) => policy.id !== dedicated.id);
    }
  }
  const present = new Set(live.map((policy) => policy.id));
  return {
    ...base,
    leftOut,
    policies: selected.map((policy) => previewPolicy(target, policy)),
    missing: wanted === null ? [] : [...wanted].filter((id) => !present.has(id)),
  };
}

/**
 * The preview of one live policy (null: a dedicated policy that does not exist; `name` then names
 * it). Pure. Apply uses it too, to compare with what the person saw.
 */
export function previewPolicy(target: FixTarget, policy: GraphPolicy | null, name?: string): PolicyPreview {
  let planned: PlannedItem | null = null;
  let error: string | null = null;
  try {
    planned = planItem(target, policy);
  } catch (e) {
    error = `The policy could not be read: ${e instanceof Error ? e.message : String(e)}`;
  }
  return {
    action: target.action,
    policyId: policy?.id ?? null,
    name: policy?.displayName ?? name ?? "(new policy)",
    state: policy?.state ?? null,
    outcome: planned?.outcome ?? "unreadable",
    reason: planned?.reason ?? error ?? "The policy could not be planned.",
    warnings: planned?.warnings ?? [],
    before: policy,
    request: planned?.request ?? null,
    requiresConfirmation: planned?.requiresConfirmation ?? false,
    fingerprint: itemFingerprint(target.action, policy, planned),
  };
}

/** The items to apply from a preview: every policy with a request, needs-review ones only when ticked. */
export function itemsFromPreview(
  preview: { policies: readonly Pick<PolicyPreview, "policyId" | "request" | "requiresConfirmation" | "fingerprint">[] },
  confirmedNeedsReview: ReadonlySet<string>,
  offerNeedsReview = true,
): { policyId: string | null; expectedFingerprint: string; confirmedNeedsReview: boolean }[] {
  return preview.policies
    .filter((p) => p.request !== null && (!p.requiresConfirmation || (offerNeedsReview && p.policyId !== null && confirmedNeedsReview.has(p.policyId))))
    .map((p) => ({ policyId: p.policyId, expectedFingerprint: p.fingerprint, confirmedNeedsReview: p.requiresConfirmation }));
}
