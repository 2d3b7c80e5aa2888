// The exclusion's preview and result as the browser sees them (pure): the same compact, worded
// shape the customer fix dialog uses, rather than whole live policies and the engine's internals.
import { policyPreviewView, sortedForPreview, type FixPreviewPolicy } from "../fixes/preview-view";
import type { ApplyResult } from "../remediation";
import type { ExclusionPreview } from "./exclusion";

export interface ExclusionPreviewView {
  tenantId: string;
  policies: FixPreviewPolicy[];
  /** The dedicated policy, left out of the exclusion whatever lib/ca would plan for it. */
  dedicated: { policyId: string; name: string } | null;
}

export interface ExclusionResultItem {
  id: string;
  policyId: string;
  policyName: string;
  result: "applied" | "failed" | "skipped" | "pending";
  reason: string;
  error: string | null;
  graphStatus: number | null;
}

export interface ExclusionResultView {
  runId: string;
  items: ExclusionResultItem[];
  /** Why the policies could not be listed again after the writes, when they could not. */
  rereadError: string | null;
}

export function exclusionPreviewView(preview: ExclusionPreview, account: { id: string; upn: string }): ExclusionPreviewView {
  const objects = { [account.id]: `${account.upn} (the service account)` };
  return {
    tenantId: preview.preview.tenantId,
    policies: sortedForPreview(preview.preview.policies.map((p) => policyPreviewView(p, {}, objects))),
    dedicated: preview.dedicated ? { policyId: preview.dedicated.policyId, name: preview.dedicated.name } : null,
  };
}

export function exclusionResultView({ runId, result }: { runId: string; result: ApplyResult }): ExclusionResultView {
  return {
    runId,
    items: result.items.map((i) => ({
      id: i.changeId,
      policyId: i.policyId,
      policyName: i.policyName,
      result: i.result,
      reason: i.reason,
      error: i.error,
      graphStatus: i.graph?.status ?? null,
    })),
    rereadError: result.reread.ok ? null : result.reread.error,
  };
}
