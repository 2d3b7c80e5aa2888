// The partner page words lib/ca's outcomes about the service account, not the MSP's technicians.
import type { ChipColor } from "../tenants/access";

export const ACCOUNT_OUTCOME: Record<string, { label: string; color: ChipColor }> = {
  patch: { label: "Account not excluded", color: "warning" },
  "needs-review": { label: "Needs review", color: "error" },
  "already-excluded": { label: "Account excluded", color: "success" },
  "not-applicable": { label: "Does not apply to the account", color: "default" },
  unreadable: { label: "Unreadable", color: "error" },
  dedicated: { label: "Governs the account", color: "info" },
  "no-account": { label: "Choose the account first", color: "default" },
  // The dedicated policy's actions (lib/remediation/dedicated-policy.ts).
  create: { label: "To be created", color: "warning" },
  exists: { label: "Exists already", color: "default" },
  repair: { label: "Differs from the expected shape", color: "warning" },
  "no-drift": { label: "Expected shape", color: "success" },
  enforce: { label: "Report-only, to be enforced", color: "warning" },
  "already-enforced": { label: "Enforced", color: "success" },
  missing: { label: "Does not exist", color: "default" },
};
