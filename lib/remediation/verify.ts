// Does a live policy show a change? Used to verify writes and to reconcile interrupted ones.
import { applyGraphPatch, toPolicy, type PlanOutcome } from "../ca";
import { canonicalJson } from "./fingerprint";

/**
 * True when the live policy already holds what the request set: applying the request again (with
 * Graph's PATCH semantics) would not change its users condition as lib/ca reads it. When the
 * action's fresh plan is known, `already-excluded` also counts (Graph may spell a value differently
 * from how it was sent, e.g. flags in another order).
 */
export function showsRequestedChange(live: Record<string, unknown>, requestBody: unknown, freshOutcome: PlanOutcome | null): boolean {
  if (freshOutcome === "already-excluded") return true;
  if (typeof requestBody !== "object" || requestBody === null || Array.isArray(requestBody)) return false;
  try {
    const now = toPolicy(live).conditions.users;
    const again = toPolicy(applyGraphPatch(live, requestBody as Record<string, unknown>)).conditions.users;
    return canonicalJson(now) === canonicalJson(again);
  } catch {
    return false;
  }
}
