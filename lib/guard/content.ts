// What makes two reads of a policy "the same version": its content without the fields Graph
// changes on its own or adds per response. Keys are sorted so the same content always hashes alike;
// array order is kept (Graph returns lists as they were written, and a reordering is a change someone made).
import { createHash } from "node:crypto";

/**
 * Volatile: `modifiedDateTime` is stamped by Graph on every write, even one that changes nothing
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy, "modifiedDateTime:
 * ... Readonly"); OData annotations (`@odata.context`, `authenticationStrength@odata.context`)
 * describe the response, not the policy.
 */
const VOLATILE = new Set(["modifiedDateTime"]);

function isAnnotation(key: string): boolean {
  return key.startsWith("@odata.") ? key !== "@odata.type" : key.includes("@odata.");
}

/** The policy's content as a plain value: volatile fields and response annotations removed, keys sorted. */
export function policyContent(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => policyContent(v, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (isAnnotation(key) || (depth === 0 && VOLATILE.has(key))) continue;
    out[key] = policyContent((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/** SHA-256 (hex) of the policy's content: equal for two reads of the same version. */
export function contentHash(policy: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(policyContent(policy)))
    .digest("hex");
}

/** The hash a tombstone carries (a policy gone from the list). */
export const DELETED = "deleted";
