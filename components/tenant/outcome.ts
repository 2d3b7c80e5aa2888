import type { ChipColor } from "../tenants/access";

export const OUTCOME: Record<string, { label: string; color: ChipColor }> = {
  patch: { label: "Needs the exclusion", color: "warning" },
  "needs-review": { label: "Needs review", color: "error" },
  "already-excluded": { label: "MSP excluded", color: "success" },
  "not-applicable": { label: "Does not apply to the MSP", color: "default" },
  unreadable: { label: "Unreadable", color: "error" },
  // A rollback (lib/remediation/restore.ts).
  restore: { label: "To restore", color: "warning" },
  "already-restored": { label: "Already as before", color: "success" },
  "changed-since": { label: "Changed since: left for review", color: "error" },
  "not-in-run": { label: "Not changed by the run", color: "default" },
};

export const STATE: Record<string, string> = {
  enabled: "On",
  disabled: "Off",
  enabledForReportingButNotEnforced: "Report-only",
};
