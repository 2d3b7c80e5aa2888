// Does a live policy show a change? Used to verify writes and to settle interrupted ones.
import { applyGraphPatch, toPolicy } from "../ca";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { isDedicatedPolicyAction, type FixTarget } from "./actions";
import { dedicatedShowsChange, type DedicatedTarget } from "./dedicated-policy";
import { canonicalJson } from "./fingerprint";
import { planFor, type ExclusionTarget } from "./plan";
import { restoreShowsChange } from "./restore";

/**
 * The action's own test: an exclusion's policy now plans `already-excluded` (Graph may spell a value
 * differently from how it was sent, e.g. flags in another order), the dedicated policy has no drift
 * (create, repair) or is enabled (enforce).
 */
export function showsChange(target: FixTarget, live: GraphPolicy): boolean {
  if (isDedicatedPolicyAction(target.action)) return dedicatedShowsChange(target as DedicatedTarget, live);
  if (target.action === "restore-before") return restoreShowsChange(target, live);
  try {
    return planFor(target as ExclusionTarget, live).outcome === "already-excluded";
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The policy without what Graph sets on its own (annotations, dates). */
function settings(policy: Record<string, unknown>): Record<string, unknown> {
  const { modifiedDateTime: _m, createdDateTime: _c, ...rest } = policy;
  return Object.fromEntries(Object.entries(rest).filter(([key]) => !key.includes("@")));
}

/**
 * True when the live policy already holds what a recorded request set: applying it again (Graph's
 * PATCH semantics) would change nothing. A body that touches only the users condition is compared
 * as lib/ca reads it, so Graph's spelling of a value does not matter; any other body compares the
 * whole policy.
 */
export function showsRequestedChange(live: Record<string, unknown>, requestBody: unknown): boolean {
  if (!isObject(requestBody)) return false;
  try {
    const again = applyGraphPatch(live, requestBody);
    const onlyUsers = Object.keys(requestBody).length === 1 && isObject(requestBody.conditions) && Object.keys(requestBody.conditions).join() === "users";
    if (onlyUsers) return canonicalJson(toPolicy(live).conditions.users) === canonicalJson(toPolicy(again).conditions.users);
    return canonicalJson(settings(live)) === canonicalJson(settings(again));
  } catch {
    return false;
  }
}
