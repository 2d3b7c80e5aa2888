// The preview: what the engine would send to each policy of one tenant, built from the live
// policies (one list request), for a person to confirm before anything is written.
import { applyGraphPatch, describePolicy, SECTION, type ExclusionPlan } from "../ca";
import type { GraphPolicy, TenantGraph } from "../graph/tenant-graph-contract";
import { patchRequest, planFor, type FixTarget, type GraphRequest } from "./actions";
import { canonicalJson, policyFingerprint } from "./fingerprint";

/** One property of conditions.users whose value the request changes. */
export interface UsersChange {
  property: string;
  before: unknown;
  after: unknown;
}

export interface PolicyPreview {
  policyId: string;
  name: string;
  state: string;
  modifiedDateTime: string | null;
  /** The live policy JSON the plan was made from. */
  policy: GraphPolicy;
  /** lib/ca's plan; null when the policy could not be read (see `error`). */
  plan: ExclusionPlan | null;
  error: string | null;
  users: {
    /** conditions.users as it is now, and as it would be after the request (Graph's PATCH semantics). */
    before: unknown;
    after: unknown;
    changes: UsersChange[];
    /** The users condition in words, before and after. */
    describedBefore: string[];
    describedAfter: string[];
  };
  /** The exact request apply would send; null when nothing would be sent. */
  request: GraphRequest | null;
  /** needs-review with a proposed request: included only when a person ticks this policy. */
  requiresConfirmation: boolean;
  /** What this preview was based on; pass it back to apply unchanged. */
  fingerprint: string;
}

export interface TenantPreview {
  tenantId: string;
  action: FixTarget["action"];
  policies: PolicyPreview[];
  /** Requested policy ids that the tenant does not have (any more). */
  missing: string[];
}

/** The action and its subject; `action` defaults to excluding service providers. */
export type TargetOptions = { action?: "exclude-service-provider"; partnerTenantId: string } | { action: "exclude-service-account"; accountObjectId: string };

export function targetOf(options: TargetOptions): FixTarget {
  return options.action === "exclude-service-account"
    ? { action: "exclude-service-account", accountObjectId: options.accountObjectId }
    : { action: "exclude-service-provider", partnerTenantId: options.partnerTenantId };
}

export type PreviewOptions = TargetOptions & {
  graph: TenantGraph;
  /** Only these policies (always included, whatever their state). Default: every policy. */
  policyIds?: readonly string[];
  /** Without policyIds, disabled policies are left out unless this is true. */
  includeDisabled?: boolean;
};

export async function previewTenant(options: PreviewOptions): Promise<TenantPreview> {
  const target = targetOf(options);
  const live = await options.graph.listPolicies();
  const wanted = options.policyIds === undefined ? null : new Set(options.policyIds);
  const selected = live.filter((policy) => (wanted === null ? options.includeDisabled === true || policy.state !== "disabled" : wanted.has(policy.id)));
  const present = new Set(live.map((policy) => policy.id));
  return {
    tenantId: options.graph.tenantId,
    action: target.action,
    policies: selected.map((policy) => previewPolicy(target, policy)),
    missing: wanted === null ? [] : [...wanted].filter((id) => !present.has(id)),
  };
}

/** The preview of one live policy (pure). Apply uses it too, to show what changed since the preview. */
export function previewPolicy(target: FixTarget, policy: GraphPolicy): PolicyPreview {
  let plan: ExclusionPlan | null = null;
  let error: string | null = null;
  try {
    plan = planFor(target, policy);
  } catch (e) {
    error = `The policy could not be read: ${e instanceof Error ? e.message : String(e)}`;
  }
  const before = usersOf(policy);
  const patched = plan?.body ? applyGraphPatch(policy, plan.body) : policy;
  const after = usersOf(patched);
  return {
    policyId: policy.id,
    name: policy.displayName,
    state: policy.state,
    modifiedDateTime: typeof policy.modifiedDateTime === "string" ? policy.modifiedDateTime : null,
    policy,
    plan,
    error,
    users: {
      before,
      after,
      changes: usersChanges(before, after),
      describedBefore: describeUsers(policy),
      describedAfter: plan?.body ? describeUsers(patched) : describeUsers(policy),
    },
    request: plan?.body && (plan.outcome === "patch" || plan.outcome === "needs-review") ? patchRequest(policy.id, plan.body) : null,
    requiresConfirmation: plan?.outcome === "needs-review" && plan.body !== null,
    fingerprint: policyFingerprint(policy, plan),
  };
}

function usersOf(policy: Record<string, unknown>): unknown {
  const conditions = policy.conditions;
  if (typeof conditions !== "object" || conditions === null) return null;
  return (conditions as Record<string, unknown>).users ?? null;
}

function usersChanges(before: unknown, after: unknown): UsersChange[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => canonicalJson(b[key] ?? null) !== canonicalJson(a[key] ?? null))
    .map((key) => ({ property: key, before: b[key] ?? null, after: a[key] ?? null }));
}

function describeUsers(policy: Record<string, unknown>): string[] {
  try {
    return describePolicy(policy).find((section) => section.section === SECTION.users)?.lines ?? [];
  } catch {
    return [];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
