// Pure rules about the service account's dedicated policy in the partner tenant: which live policy
// it is, and the PATCH that restores its expected shape (buildServiceAccountPolicy).
import { buildServiceAccountPolicy } from "./service-account-policy";

/** How the dedicated policy is known: the id stored once it was found or created, and its configured name. */
export interface DedicatedPolicyRef {
  dedicatedPolicyId: string | null;
  dedicatedPolicyName: string;
}

/** A policy as Graph lists it: what finding the dedicated one needs. */
export interface ListedPolicy {
  id: string;
  displayName: string;
  createdDateTime?: unknown;
}

export type FoundDedicated<P extends ListedPolicy> = { policy: P; foundBy: "id" | "name" } | null;

/**
 * The stored id wins; without it (or when that policy was deleted), the configured name, so a policy
 * created by hand or before the id was stored is adopted instead of duplicated. Several policies with
 * that name: the oldest, as the one most likely meant (the others show up as ordinary policies).
 */
export function findDedicatedPolicy<P extends ListedPolicy>(policies: readonly P[], ref: DedicatedPolicyRef): FoundDedicated<P> {
  if (ref.dedicatedPolicyId) {
    const byId = policies.find((p) => p.id === ref.dedicatedPolicyId);
    if (byId) return { policy: byId, foundBy: "id" };
  }
  const name = ref.dedicatedPolicyName.trim().toLowerCase();
  const byName = policies
    .filter((p) => typeof p.displayName === "string" && p.displayName.trim().toLowerCase() === name)
    .sort((a, b) => String(a.createdDateTime ?? "").localeCompare(String(b.createdDateTime ?? "")));
  return byName[0] ? { policy: byName[0], foundBy: "name" } : null;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** Every property of a live object set to "nothing" (arrays empty, the rest null); annotations left out. */
function cleared(live: Json | null): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(live ?? {})) {
    if (key.includes("@")) continue;
    out[key] = Array.isArray(value) ? [] : null;
  }
  return out;
}

/**
 * The PATCH that puts a drifted dedicated policy back in shape. Graph merges objects in a PATCH, so
 * an object sent with only the expected properties would keep whatever was added (an exclusion, a
 * group…): each object is sent whole, every property the live one has set to the expected value or
 * cleared. Other conditions the policy gained (locations, platforms, risk…) are cleared; name and
 * state are left alone (renaming or enforcing is a person's decision), and nothing read-only
 * (id, dates, annotations) is sent.
 */
export function dedicatedPolicyRepairBody(live: Json, accountId: string): Json {
  const expected = buildServiceAccountPolicy({ accountId });
  const conditions = obj(live.conditions) ?? {};
  const extraConditions: Json = {};
  for (const [key, value] of Object.entries(conditions)) {
    if (key.includes("@") || key === "users" || key === "applications" || key === "clientAppTypes" || isEmpty(value)) continue;
    extraConditions[key] = Array.isArray(value) ? [] : null;
  }
  const liveFrequency = obj(obj(live.sessionControls)?.signInFrequency);
  return {
    conditions: {
      ...extraConditions,
      users: { ...cleared(obj(conditions.users)), ...expected.conditions.users },
      applications: { ...cleared(obj(conditions.applications)), ...expected.conditions.applications },
      clientAppTypes: expected.conditions.clientAppTypes,
    },
    grantControls: { ...cleared(obj(live.grantControls)), ...expected.grantControls },
    sessionControls: { signInFrequency: { ...cleared(liveFrequency), ...expected.sessionControls.signInFrequency } },
  };
}
