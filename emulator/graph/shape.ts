// Schema-driven reshaping of Graph JSON: the canonical form Graph returns (unset complex -> null,
// unset collections -> [], flags without spaces, @odata.type on derived values), Graph's PATCH
// merge (objects merge, arrays and flags strings replace, null clears, polymorphic values replace
// whole), and pruning an export down to what the v1.0 schema knows (used to seed the fleet).
import { bareTypeName, flagMembers, isSubtypeOf, READ_ONLY_PROPERTIES, schemaType, typeProperties } from "./schema";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStructured(type: string): boolean {
  const t = schemaType(type);
  return t !== undefined && t.kind !== "enum";
}

/** The concrete type of a value declared as `declared` (from @odata.type, inferred, or declared). */
export function concreteTypeOf(declared: string, value: Json): string {
  const annotated = value["@odata.type"];
  if (typeof annotated === "string") {
    const t = bareTypeName(annotated);
    if (schemaType(t) && isSubtypeOf(t, declared)) return t;
  }
  if (declared === "conditionalAccessExternalTenants") {
    if (value.membershipKind === "all") return "conditionalAccessAllExternalTenants";
    if (value.membershipKind === "enumerated") return "conditionalAccessEnumeratedExternalTenants";
  }
  return declared;
}

function normalizeFlags(type: string, v: unknown): unknown {
  const t = schemaType(type);
  if (t?.kind === "enum" && t.flags && typeof v === "string") return flagMembers(v).join(",");
  return v;
}

const OMIT_IN_OUTPUT = new Set(["deletedDateTime"]);

/**
 * The value as Graph emits it: every property of the concrete type present, unset complex values
 * null, unset collections [], `@odata.type` kept where the concrete type is not the declared one.
 * Navigation properties are left to the caller.
 */
export function normalizeValue(declared: string, value: Json): Json {
  const type = concreteTypeOf(declared, value);
  const out: Json = {};
  if (type !== declared || schemaType(declared)?.abstract) out["@odata.type"] = `#microsoft.graph.${type}`;
  for (const prop of typeProperties(type).values()) {
    if (prop.navigation || OMIT_IN_OUTPUT.has(prop.name)) continue;
    const v = value[prop.name];
    if (prop.collection) {
      out[prop.name] = Array.isArray(v)
        ? v.map((item) => (isStructured(prop.type) && isObject(item) ? normalizeValue(prop.type, item) : normalizeFlags(prop.type, item)))
        : [];
    } else if (v === undefined || v === null) {
      out[prop.name] = !prop.nullable && prop.type === "Edm.Boolean" ? false : null;
    } else if (isStructured(prop.type) && isObject(v)) {
      out[prop.name] = normalizeValue(prop.type, v);
    } else {
      out[prop.name] = normalizeFlags(prop.type, v);
    }
  }
  return out;
}

/**
 * Graph's PATCH: supplied properties change, omitted ones stay; nested objects merge; arrays,
 * scalars and flags strings replace; null clears; a value of an abstract (polymorphic) type is
 * replaced whole, since its concrete type may change (e.g. all -> enumerated external tenants).
 */
export function mergePatch(declared: string, stored: Json, patch: Json): Json {
  const type = concreteTypeOf(declared, stored);
  const props = typeProperties(type);
  const out: Json = { ...stored };
  for (const [key, v] of Object.entries(patch)) {
    if (key.includes("@")) continue;
    const prop = props.get(key);
    const current = stored[key];
    if (prop && !prop.collection && !prop.navigation && isStructured(prop.type) && !schemaType(prop.type)?.abstract && isObject(v) && isObject(current)) {
      out[key] = mergePatch(prop.type, current, v);
    } else {
      out[key] = structuredClone(v);
    }
  }
  return out;
}

/**
 * Drops what the v1.0 schema does not know (beta-only or made-up properties), read-only
 * properties and annotations; reduces an expanded authenticationStrength to its reference.
 * Values are not checked here: the result still goes through validateGraphValue.
 */
export function pruneToSchema(declared: string, value: Json): Json {
  const type = concreteTypeOf(declared, value);
  const props = typeProperties(type);
  const out: Json = {};
  if (type !== declared || schemaType(declared)?.abstract) out["@odata.type"] = `#microsoft.graph.${type}`;
  for (const [key, v] of Object.entries(value)) {
    const prop = props.get(key);
    if (!prop || READ_ONLY_PROPERTIES.has(key)) continue;
    if (prop.navigation) {
      if (key === "authenticationStrength") out[key] = isObject(v) && typeof v.id === "string" ? { id: v.id } : null;
      continue;
    }
    if (prop.collection && Array.isArray(v)) {
      out[key] = v.map((item) => (isStructured(prop.type) && isObject(item) ? pruneToSchema(prop.type, item) : item));
    } else if (isStructured(prop.type) && isObject(v)) {
      out[key] = pruneToSchema(prop.type, v);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** Removes every key that is an annotation (`@odata.*` or `prop@odata.*`) except @odata.type. */
export function stripAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripAnnotations);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== "@odata.type" && k.includes("@")) continue;
    if (k.startsWith("#")) continue; // bound actions advertised in exports (#microsoft.graph.restore)
    out[k] = stripAnnotations(v);
  }
  return out;
}
