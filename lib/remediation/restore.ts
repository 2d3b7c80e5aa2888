// Rollback: restore what one of the portal's runs changed to the "before" it recorded, only where the
// policy is still exactly as the run left it. A policy changed since (by a customer's admin, another
// run) is never overwritten: it is shown "changed since" for a person to review. Pure.
import { contentHash } from "../guard/content";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { patchRequest } from "./actions";
import type { PlannedItem } from "./plan";
import { showsRequestedChange } from "./verify";

/** One policy a rollback restores: where it is, what the run left (content hash), and the PATCH that restores it. */
export interface RestoreEntry {
  tenantId: string;
  policyName: string;
  /** lib/guard's content hash of the policy as the run left it (its verified `after`). */
  leftAs: string;
  /** The PATCH body: each property the run's request set, with the value recorded before it. */
  body: Record<string, unknown>;
  /** Those properties, as dotted paths (for people). */
  paths: string[];
}

export interface RestoreTarget {
  action: "restore-before";
  /** The MSP's tenant when the rollback was previewed (the assessment of the re-read policies needs it). */
  partnerTenantId: string;
  /** The run whose changes this restores. */
  undoesRunId: string;
  /** By policy id (Graph's policy ids are GUIDs). */
  restores: Record<string, RestoreEntry>;
}

/**
 * Containers the engine's requests descend into: a request sets whole properties inside these
 * (e.g. conditions.users.excludeGuestsOrExternalUsers); any other value is restored whole.
 */
const CONTAINERS = new Set([
  "conditions",
  "users",
  "applications",
  "clientApplications",
  "platforms",
  "locations",
  "devices",
  "grantControls",
  "sessionControls",
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The PATCH that puts back, for each property a request set, the value the policy had before (null
 * where it had none: Graph's PATCH clears a property given null). Null when nothing can be restored.
 */
export function restoreBody(requestBody: unknown, before: unknown): { body: Record<string, unknown>; paths: string[] } | null {
  if (!isObject(requestBody) || !isObject(before)) return null;
  const paths: string[] = [];
  const walk = (req: Record<string, unknown>, was: Record<string, unknown> | null, path: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(req)) {
      const prior = was?.[key];
      if (CONTAINERS.has(key) && isObject(value) && (prior === undefined || prior === null || isObject(prior))) {
        out[key] = walk(value, isObject(prior) ? prior : null, [...path, key]);
      } else {
        out[key] = prior === undefined ? null : prior;
        paths.push([...path, key].join("."));
      }
    }
    return out;
  };
  const body = walk(requestBody, before, []);
  return paths.length > 0 ? { body, paths } : null;
}

export function planRestore(target: RestoreTarget, live: GraphPolicy): PlannedItem {
  const entry = target.restores[live.id];
  const none = { warnings: [], requiresConfirmation: false };
  if (!entry) return { ...none, outcome: "not-in-run", reason: "The run did not change this policy.", request: null };
  if (contentHash(live) === entry.leftAs) {
    return {
      ...none,
      outcome: "restore",
      reason: `Restores ${entry.paths.join(", ")} to what it was before the run changed it.`,
      request: patchRequest(live.id, entry.body),
    };
  }
  if (showsRequestedChange(live, entry.body)) {
    return { ...none, outcome: "already-restored", reason: "The policy already has the values it had before the run.", request: null };
  }
  return {
    ...none,
    outcome: "changed-since",
    reason: "Changed since the run left it: not restored, so nobody's later change is overwritten. Review its versions and change it by hand if needed.",
    request: null,
  };
}

/** The rollback's own test after its write: the policy shows the restored values. */
export function restoreShowsChange(target: RestoreTarget, live: GraphPolicy): boolean {
  const entry = target.restores[live.id];
  return entry !== undefined && showsRequestedChange(live, entry.body);
}
