// Why a customer tenant cannot be reached, decided from facts the portal reads, never from the wording of an
// error: Microsoft changes its texts ("Apps that take a dependency on text or error code numbers will be broken
// over time", learn.microsoft.com/entra/identity-platform/reference-error-codes) and documents no Graph error
// for a tenant without Entra ID P1. Pure: errors.ts classifies by code, these functions refine with the facts.
//
// - GDAP: Entra refusing the GDAP sign-in (AADSTS50020/50177) is explained by the partner's synced
//   relationships with the customer (their best status, lib/sync/gdap-summary.ts).
// - Licence: a 403 on Conditional Access is "No Entra ID P1" only when the tenant's service plans
//   (GET /organization assignedPlans, documented: learn.microsoft.com/graph/api/resources/organization) show
//   no enabled AAD_PREMIUM or AAD_PREMIUM_P2 plan.
import { GraphFailure } from "./tenant-graph-contract";

/** Entra's codes for "this user cannot get a token in that tenant" (the GDAP sign-in refused). */
export const GDAP_REFUSAL_CODES: ReadonlySet<string> = new Set(["AADSTS50020", "AADSTS50177"]);

/** Service plan ids of Microsoft Entra ID P1 (AAD_PREMIUM) and P2 (AAD_PREMIUM_P2), from Microsoft's licensing service plan reference. */
export const ENTRA_PREMIUM_PLAN_IDS: ReadonlySet<string> = new Set(["41781fb2-bc02-4b7c-bd55-b576c07bb09d", "eec0eb4f-6444-4f95-aba0-50c24d67f998"]);

// Relationship statuses that give access (Graph docs, delegatedAdminRelationship: active; expiring is still active).
const GIVES_ACCESS: ReadonlySet<string> = new Set(["active", "expiring"]);

function withMicrosoftAnswer(sentence: string, failure: GraphFailure): string {
  const answer = failure.detail.graphMessage ?? "";
  const code = failure.detail.code ?? "";
  const said = answer.startsWith(code) ? answer : [code, answer].filter(Boolean).join(": ");
  return `${sentence} Microsoft Entra ID answered ${said || "with an error"}`.replace(/([^.])$/, "$1.");
}

/**
 * A refused GDAP sign-in, explained by the synced relationships: `status` is the customer's best relationship
 * status from the last sync ("none" when all are gone), or null when the portal knows no relationship at all.
 */
export function explainGdapRefusal(failure: GraphFailure, status: string | null, path: "delegated" | "app-only" = "delegated"): GraphFailure {
  if (!failure.detail.code || !GDAP_REFUSAL_CODES.has(failure.detail.code)) return failure;
  const who = path === "app-only" ? "the portal" : "the automation account";
  if (status === null || status === "none") {
    return new GraphFailure("no-gdap", withMicrosoftAnswer("There is no GDAP relationship with this customer.", failure), failure.detail);
  }
  if (!GIVES_ACCESS.has(status)) {
    return new GraphFailure(
      "gdap-inactive",
      withMicrosoftAnswer(`The GDAP relationship with this customer is ${status}, not active.`, failure),
      failure.detail,
    );
  }
  return new GraphFailure(
    "no-gdap",
    withMicrosoftAnswer(
      `The GDAP relationship with this customer is ${status}, but Entra refuses ${who}: it is in no security group with an access assignment for this customer.`,
      failure,
    ),
    failure.detail,
  );
}

export interface AssignedPlan {
  servicePlanId?: string | null;
  capabilityStatus?: string | null;
}

/** Microsoft Entra ID P2's service plan (AAD_PREMIUM_P2): Identity Protection, so user and sign-in risk. */
export const ENTRA_P2_PLAN_ID = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

/** Whether the tenant has Entra ID P2 enabled (risk-based Conditional Access), from /organization's assignedPlans. */
export function hasEntraP2(assignedPlans: readonly AssignedPlan[]): boolean {
  return assignedPlans.some((p) => p.servicePlanId?.toLowerCase() === ENTRA_P2_PLAN_ID && p.capabilityStatus === "Enabled");
}

/** Whether the tenant has Entra ID P1 (or P2) enabled, from /organization's assignedPlans. */
export function hasEntraPremium(assignedPlans: readonly AssignedPlan[]): boolean {
  return assignedPlans.some((p) => !!p.servicePlanId && ENTRA_PREMIUM_PLAN_IDS.has(p.servicePlanId.toLowerCase()) && p.capabilityStatus === "Enabled");
}

/**
 * A 403 on Conditional Access, explained by the licence: `premium` false (the plans were read and none is
 * Entra ID P1/P2) makes it "no-licence"; true or unknown (null: the plans could not be read) leaves it as is.
 */
export function explainForbidden(failure: GraphFailure, premium: boolean | null): GraphFailure {
  if (failure.detail.status !== 403 || premium !== false) return failure;
  const answer = [failure.detail.code, failure.detail.graphMessage].filter(Boolean).join(": ");
  return new GraphFailure(
    "no-licence",
    `This tenant has no Microsoft Entra ID P1 licence (no AAD_PREMIUM service plan), so Conditional Access is not available. Microsoft Graph answered 403${answer ? ` ${answer}` : ""}.`,
    failure.detail,
  );
}
