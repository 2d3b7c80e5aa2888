import { isPlainObject } from "./read-policy";

type JsonObject = Record<string, unknown>;

/**
 * Graph's PATCH semantics for Conditional Access, as docs/graph-contract.md §5.2 describes them: objects
 * merge recursively, arrays and scalars (flags strings included) replace, an explicit null clears.
 * A polymorphic object whose `@odata.type` changes (e.g. externalTenants switching from all to
 * enumerated) replaces the old one instead of merging, so no stale `members` survive.
 * Returns a new object; neither argument is modified.
 */
export function applyGraphPatch(existing: Readonly<JsonObject>, body: Readonly<JsonObject>): JsonObject {
  return mergeObject(existing, body);
}

function mergeObject(existing: Readonly<JsonObject>, patch: Readonly<JsonObject>): JsonObject {
  const result: JsonObject = { ...existing };
  for (const [key, value] of Object.entries(patch)) {
    const current = existing[key];
    if (isPlainObject(value) && isPlainObject(current) && !changesODataType(current, value)) {
      result[key] = mergeObject(current, value);
    } else {
      result[key] = structuredClone(value);
    }
  }
  return result;
}

function changesODataType(current: Readonly<JsonObject>, patch: Readonly<JsonObject>): boolean {
  const next = patch["@odata.type"];
  return typeof next === "string" && normalizeODataType(next) !== normalizeODataType(current["@odata.type"]);
}

function normalizeODataType(value: unknown): string {
  return typeof value === "string" ? value.replace(/^#/, "").toLowerCase() : "";
}
