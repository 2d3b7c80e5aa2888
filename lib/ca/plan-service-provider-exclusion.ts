import { assessServiceProvider } from "./assess-service-provider";
import { mergeServiceProviderExclusion } from "./guest-scope";
import { requireGuid } from "./ids";
import { isMicrosoftManaged, MICROSOFT_MANAGED_INSTEAD } from "./microsoft-managed";
import type { ExclusionPlan } from "./plan-result";
import { toPolicy } from "./read-policy";

/**
 * Plans "exclude service-provider users from the partner tenant" for one customer policy. The body
 * only ever sets conditions.users.excludeGuestsOrExternalUsers, sent whole, because Graph replaces
 * flags strings and arrays instead of merging them.
 */
export function planServiceProviderExclusion(policyInput: unknown, partnerTenantId: string): ExclusionPlan {
  const policy = toPolicy(policyInput);
  const partner = requireGuid(partnerTenantId, "partnerTenantId");
  const assessment = assessServiceProvider(policy, partner);
  const users = policy.conditions.users;
  if (users === null) return { outcome: "not-applicable", body: null, warnings: [], reason: assessment.reason };
  // An exclusion wins over every include in Conditional Access, so it settles the question first.
  if (assessment.excluded) return { outcome: "already-excluded", body: null, warnings: [], reason: assessment.reason };
  if (!assessment.included) return { outcome: "not-applicable", body: null, warnings: [], reason: assessment.reason };
  // Graph lets an admin change only state and excluded users, groups and roles here (docs/graph-contract.md §5.4).
  if (isMicrosoftManaged(policy)) {
    return {
      outcome: "needs-review",
      body: null,
      warnings: [MICROSOFT_MANAGED_INSTEAD],
      reason: `${assessment.reason} Microsoft-managed: no request is proposed (Graph refuses the exclusion there); instead duplicate the policy in Entra, exclude the MSP in the copy and turn this one off.`,
    };
  }

  const reviewGrounds: string[] = [];
  const warnings: string[] = [];
  if (assessment.explicitlyTargeted) {
    reviewGrounds.push(`the policy deliberately targets service-provider users from tenant ${partner}`);
    warnings.push(
      `This policy explicitly includes service provider users from tenant ${partner} (includeGuestsOrExternalUsers); excluding them cancels that on-purpose targeting.`,
    );
  }
  if (assessment.legacyKeyword.exclude) {
    warnings.push(
      "excludeUsers holds the legacy keyword GuestsOrExternalUsers. Graph refuses an excludeGuestsOrExternalUsers object next to it (400), so the legacy value must first be replaced by explicit guest/external user types. No replacement keeps today's exclusions and adds only this partner: one exclusion object has one tenant scope, so either service-provider users from every tenant would be excluded, or the existing guest exclusions would shrink to this tenant. No request is proposed.",
    );
    return {
      outcome: "needs-review",
      body: null,
      warnings,
      reason: `${assessment.reason} Needs review: the legacy GuestsOrExternalUsers exclusion must be migrated before the service-provider exclusion can be added.`,
    };
  }
  if (assessment.legacyKeyword.include) {
    reviewGrounds.push("includeUsers uses the legacy GuestsOrExternalUsers keyword");
    warnings.push(
      "includeUsers holds the legacy keyword GuestsOrExternalUsers. Whether it reaches service-provider users is not documented (one published test found it maps to local guests and B2B collaboration guests and members only), so the exclusion may be unnecessary; and if Graph refuses the exclusion object next to the legacy value, the include must be migrated first.",
    );
  }

  const merge = mergeServiceProviderExclusion(users.excludeGuestsOrExternalUsers, partner);
  if (merge.kind === "impossible") {
    return {
      outcome: "needs-review",
      body: null,
      warnings: [...warnings, merge.problem],
      reason: `${assessment.reason} Needs review: the existing exclusion cannot be extended safely.`,
    };
  }
  if (merge.alsoExcluded.length > 0) reviewGrounds.push("the only possible change would also exclude other users");
  warnings.push(...merge.alsoExcluded, ...merge.notes);

  const body = { conditions: { users: { excludeGuestsOrExternalUsers: merge.value } } };
  if (reviewGrounds.length > 0) {
    return {
      outcome: "needs-review",
      body,
      warnings,
      reason: `${assessment.reason} Needs review: ${reviewGrounds.join("; ")}.`,
    };
  }
  return {
    outcome: "patch",
    body,
    warnings,
    reason: `${assessment.reason} The request adds service provider users from tenant ${partner} to excludeGuestsOrExternalUsers and changes nothing else.`,
  };
}
