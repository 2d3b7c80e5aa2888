// The preview as the browser sees it: compact, serialisable, and in words. Built on the server
// from the engine's preview (which holds the whole live policy); the browser gets only what a
// person needs to decide, plus the fingerprint it hands back unchanged when confirming.
import { applyGraphPatch, describePolicy, SECTION, type PlanOutcome } from "../ca";
import type { PolicyPreview, TenantPreview } from "../remediation";

export interface FixPreviewPolicy {
  policyId: string;
  name: string;
  state: string;
  /** lib/ca's outcome, or "unreadable" when the policy could not be planned. */
  outcome: PlanOutcome | "unreadable";
  reason: string;
  warnings: string[];
  users: {
    before: unknown;
    after: unknown;
    /** Properties of conditions.users the request changes. */
    changed: string[];
    describedBefore: string[];
    describedAfter: string[];
  };
  /** The exact request the engine would send; null when nothing would be sent. */
  request: { method: "PATCH"; path: string; body: unknown } | null;
  fingerprint: string;
  requiresConfirmation: boolean;
}

export interface FixPreview {
  tenantId: string;
  /** How the portal reached the tenant for this preview, and why when it is the fallback. */
  access: { path: "delegated" | "app-only"; fallbackReason: string | null };
  policies: FixPreviewPolicy[];
  /** Requested policies the tenant no longer has. */
  missing: string[];
}

/** Names the MSP's tenant in the users condition instead of showing its bare id. */
function describeUsers(policy: unknown, names: Readonly<Record<string, string>>, objects: Readonly<Record<string, string>>): string[] | null {
  try {
    return (
      describePolicy(policy, { tenants: names, directoryObjects: objects })
        .find((s) => s.section === SECTION.users)
        ?.lines.slice() ?? []
    );
  } catch {
    return null;
  }
}

/** `objects` names users or groups the person knows by name (the partner's service account). */
export function policyPreviewView(p: PolicyPreview, names: Readonly<Record<string, string>>, objects: Readonly<Record<string, string>> = {}): FixPreviewPolicy {
  const patched = p.request ? applyGraphPatch(p.policy, p.request.body) : p.policy;
  return {
    policyId: p.policyId,
    name: p.name,
    state: p.state,
    outcome: p.plan?.outcome ?? "unreadable",
    reason: p.plan?.reason ?? p.error ?? "The policy could not be planned.",
    warnings: p.plan?.warnings.slice() ?? [],
    users: {
      before: p.users.before,
      after: p.users.after,
      changed: p.users.changes.map((c) => c.property),
      describedBefore: describeUsers(p.policy, names, objects) ?? p.users.describedBefore,
      describedAfter: describeUsers(patched, names, objects) ?? p.users.describedAfter,
    },
    request: p.request ? { method: p.request.method, path: p.request.path, body: p.request.body } : null,
    fingerprint: p.fingerprint,
    requiresConfirmation: p.requiresConfirmation,
  };
}

export function fixPreviewView(
  preview: TenantPreview,
  access: { path: "delegated" | "app-only"; fallbackReason: string | null },
  names: Readonly<Record<string, string>>,
): FixPreview {
  return {
    tenantId: preview.tenantId,
    access,
    policies: sortedForPreview(preview.policies.map((p) => policyPreviewView(p, names))),
    missing: preview.missing.slice(),
  };
}

/** Policies with something to send first, so the person sees what will change without scrolling. */
export function sortedForPreview(policies: FixPreviewPolicy[]): FixPreviewPolicy[] {
  const rank = (p: FixPreviewPolicy) => (p.request ? (p.requiresConfirmation ? 1 : 0) : 2);
  return [...policies].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
