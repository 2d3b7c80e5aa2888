// Which properties of a policy differ between two versions, as dotted paths a person can read
// ("state", "conditions.users.excludeGuestsOrExternalUsers"). Pure.
import { policyContent } from "./content";

/** Paths stop at this depth: deeper detail is what the diff in words shows. */
const MAX_DEPTH = 3;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function changedProperties(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk(policyContent(before), policyContent(after), [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: string[], out: string[]) {
  if (isObject(a) && isObject(b) && path.length < MAX_DEPTH) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], [...path, key], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path.join(".") || "(the whole policy)");
}
