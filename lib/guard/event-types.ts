// The events the guard records (GuardEvent.type). Consumers (alerts, auto-fix) switch on these.
export const EVENT_TYPES = {
  policyCreated: "policy-created",
  policyDeleted: "policy-deleted",
  policyChanged: "policy-changed",
  /** The service-provider exclusion that covered the MSP is gone (excludeGuestsOrExternalUsers cleared). */
  exclusionRemoved: "exclusion-removed",
  /** An exclusion is still there but no longer covers the MSP's service providers (types or tenants narrowed). */
  exclusionNarrowed: "exclusion-narrowed",
  /** A policy that did not apply to the MSP's technicians now does (not counting the two above). */
  reachesMsp: "policy-reaches-msp",
  /** A policy switched to "on" from off or report-only. */
  policyEnabled: "policy-enabled",
  gdapEnding: "gdap-ending",
  gdapEnded: "gdap-ended",
  newCustomer: "new-customer",
  /** The drift guard's auto-fix failed twice in a row for a tenant and stopped (lib/guard/auto-fix-outcome.ts). */
  autoFixStopped: "auto-fix-stopped",
  /** The MSP's GDAP sign-in into a customer tenant is now blocked by its Conditional Access (AADSTS53003). */
  accessBlocked: "access-blocked",
  /** In the MSP's own tenant: the service account's dedicated policy was changed, switched off or deleted. */
  partnerDedicatedChanged: "partner-dedicated-changed",
  /** In the MSP's own tenant: a policy that excluded the service account no longer does and may apply to it. */
  partnerAccountExposed: "partner-account-exposed",
  /** In the MSP's own tenant: a new policy that may apply to the service account. */
  partnerPolicyCoversAccount: "partner-policy-covers-account",
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** Headlines for pages, one per type. */
export const EVENT_LABELS: Record<EventType, string> = {
  "policy-created": "Policy created",
  "policy-deleted": "Policy deleted",
  "policy-changed": "Policy changed",
  "exclusion-removed": "MSP exclusion removed",
  "exclusion-narrowed": "MSP exclusion narrowed",
  "policy-reaches-msp": "Policy now reaches the MSP",
  "policy-enabled": "Policy switched on",
  "gdap-ending": "GDAP ending soon",
  "gdap-ended": "GDAP ended",
  "new-customer": "New customer",
  "auto-fix-stopped": "Auto-fix stopped",
  "access-blocked": "GDAP sign-in blocked",
  "partner-dedicated-changed": "Service account's policy changed",
  "partner-account-exposed": "Service account no longer excluded",
  "partner-policy-covers-account": "New policy covers the service account",
};

/** Who noticed: a sync someone started, the scheduled sweep, or the portal's own run (after its writes). */
export type SeenBy = "sync" | "sweep" | "run";

export interface Observation {
  seenBy: SeenBy;
  sweepId?: string | null;
  runId?: string | null;
}
