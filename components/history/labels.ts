// History rows in words: what each recorded action did, and which Graph version a request went to.

export const ACTION_LABEL: Record<string, string> = {
  "exclude-service-provider": "Exclude MSP (service providers)",
  "exclude-service-account": "Exclude the service account",
  "create-service-account-policy": "Create the dedicated policy",
  "repair-service-account-policy": "Repair the dedicated policy",
  "enforce-service-account-policy": "Enforce the dedicated policy",
};

export const actionLabel = (action: string): string => ACTION_LABEL[action] ?? action;

/** What started a run (lib/runs/kinds.ts RUN_KINDS), in words. */
export const RUN_KIND_LABEL: Record<string, string> = {
  "policy-fix": "Exclude MSP (one policy)",
  "tenant-fix": "Fix all (one tenant)",
  "bulk-fix": "Bulk fix",
  "service-account-fix": "Partner tenant",
  "guard-fix": "Auto-fix (drift guard)",
  rollback: "Undo of a run",
};

export const runKindLabel = (kind: string): string => RUN_KIND_LABEL[kind] ?? kind;

/** "beta" for a request sent to /beta (the one retry Graph v1.0's refusal of "every time" calls for), else "v1.0"; null without a request. */
export function apiVersionOf(request: string | null): "v1.0" | "beta" | null {
  if (!request) return null;
  return /^\S+ \/beta\//.test(request) ? "beta" : "v1.0";
}
