// Microsoft-managed Conditional Access policies: Microsoft creates them in a tenant and lets an admin
// change only their state and their excluded users, groups and roles (docs/graph-contract.md §5.4).
// Graph v1.0 has no createdBy property; the fact it gives is the name: a managed policy's displayName
// starts with "Microsoft-managed:" (observed in a v1.0 list, docs/graph-contract.md §5.4) and admins
// cannot rename one. A customer policy that copies the prefix is treated as managed too: the cost is
// one policy the portal will not write to, never a write Graph refuses.
import type { CaPolicy } from "./policy-model";
import { toPolicy } from "./read-policy";

export const MICROSOFT_MANAGED_PREFIX = "Microsoft-managed:";

/** What a person is told about a Microsoft-managed policy, wherever it is shown. */
export const MICROSOFT_MANAGED_WORDS =
  "Microsoft-managed: Microsoft created this policy; only its state and its excluded users, groups and roles can be changed.";

/**
 * What the MSP can do instead of the service-provider exclusion on a Microsoft-managed policy. Users,
 * groups and roles name objects of the customer's directory; the partner's GDAP technicians are none
 * of them, so no change Graph accepts on the policy excludes them.
 */
export const MICROSOFT_MANAGED_INSTEAD =
  "Graph refuses the service-provider exclusion (excludeGuestsOrExternalUsers) on a Microsoft-managed policy, and excluded users, groups and roles cannot name the partner's GDAP technicians, so the portal sends nothing. Instead, in the Entra admin center, duplicate the policy, add the exclusion to the copy, then turn this one off; or leave it report-only while it only reports.";

export function isMicrosoftManaged(policyInput: unknown): boolean {
  const policy: CaPolicy = toPolicy(policyInput);
  return (policy.displayName ?? "").startsWith(MICROSOFT_MANAGED_PREFIX);
}
