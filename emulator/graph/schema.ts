// Validation of Graph JSON against Microsoft's published v1.0 metadata (vendor/graph-schema). This
// is the emulator's notion of "what Graph accepts": unknown properties, wrong types, enum values
// outside the type (flags strings member by member), read-only properties and annotations in a
// write are refused, as Graph refuses them with its 1007 schema error. Pure: other tests import it
// as an oracle, so keep the signature of `validateGraphValue`.
import { readFileSync } from "node:fs";

interface SchemaProperty {
  name: string;
  type: string;
  collection: boolean;
  nullable: boolean;
  navigation: boolean;
}

interface SchemaType {
  kind: "entity" | "complex" | "enum";
  base?: string | null;
  abstract?: boolean;
  properties?: SchemaProperty[];
  derived?: string[];
  flags?: boolean;
  members?: string[];
}

export interface SchemaIssue {
  path: string;
  message: string;
}

export type ValidationMode = "create" | "update" | "response";

const schemaFile = new URL("../../vendor/graph-schema/v1.0-subset.json", import.meta.url);
const TYPES: Record<string, SchemaType> = (JSON.parse(readFileSync(schemaFile, "utf8")) as { types: Record<string, SchemaType> }).types;

/** Server-managed properties: present in GET output, refused in POST/PATCH bodies. */
export const READ_ONLY_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "createdDateTime",
  "modifiedDateTime",
  "lastModifiedDateTime",
  "templateId",
  "deletedDateTime",
]);

const propertyCache = new Map<string, Map<string, SchemaProperty>>();

/** `#microsoft.graph.foo`, `microsoft.graph.foo` and `foo` all name `foo`. */
export function bareTypeName(name: string): string {
  return name.replace(/^#/, "").replace(/^microsoft\.graph\./, "");
}

export function schemaType(name: string): SchemaType | undefined {
  return TYPES[bareTypeName(name)];
}

/** Properties of a structured type including those inherited from its base types. */
export function typeProperties(typeName: string): Map<string, SchemaProperty> {
  const cached = propertyCache.get(typeName);
  if (cached) return cached;
  const chain: SchemaType[] = [];
  let current: string | null | undefined = typeName;
  while (current) {
    const t: SchemaType | undefined = TYPES[current];
    if (!t) break;
    chain.unshift(t);
    current = t.base;
  }
  const props = new Map<string, SchemaProperty>();
  for (const t of chain) for (const p of t.properties ?? []) props.set(p.name, p);
  propertyCache.set(typeName, props);
  return props;
}

export function isSubtypeOf(candidate: string, declared: string): boolean {
  let current: string | null | undefined = candidate;
  while (current) {
    if (current === declared) return true;
    current = TYPES[current]?.base;
  }
  return false;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Splits a flags-enum string into members; Graph emits them comma-separated without spaces. */
export function flagMembers(value: string): string[] {
  return value.split(",").map((m) => m.trim());
}

function primitiveName(type: string): string {
  return type.startsWith("Edm.") ? type.slice(4) : type;
}

/** Whether a `prop@odata.type` annotation names the property's declared type. */
function annotationMatches(annotation: unknown, prop: SchemaProperty): boolean {
  if (typeof annotation !== "string") return false;
  let t = annotation.replace(/^#/, "");
  const isCollection = t.startsWith("Collection(") && t.endsWith(")");
  if (isCollection !== prop.collection) return false;
  if (isCollection) t = t.slice("Collection(".length, -1);
  t = bareTypeName(t.replace(/^Edm\./, ""));
  return t === bareTypeName(primitiveName(prop.type));
}

class Validator {
  readonly issues: SchemaIssue[] = [];
  constructor(private readonly mode: ValidationMode) {}

  private add(path: string, message: string) {
    this.issues.push({ path: path || "$", message });
  }

  private get writing() {
    return this.mode !== "response";
  }

  value(type: string, value: unknown, path: string) {
    const t = TYPES[type];
    if (type.startsWith("Edm.")) return this.primitive(type, value, path);
    if (!t) return this.add(path, `type '${type}' is not in the schema subset`);
    if (t.kind === "enum") return this.enumValue(type, t, value, path);
    return this.structured(type, value, path);
  }

  private primitive(type: string, value: unknown, path: string) {
    switch (type) {
      case "Edm.String":
        if (typeof value !== "string") this.add(path, "expected a string");
        return;
      case "Edm.Boolean":
        if (typeof value !== "boolean") this.add(path, "expected a boolean");
        return;
      case "Edm.Int32":
        if (typeof value !== "number" || !Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
          this.add(path, "expected a 32-bit integer");
        }
        return;
      case "Edm.DateTimeOffset":
        if (typeof value !== "string" || !ISO_DATE.test(value)) this.add(path, "expected an ISO-8601 date-time");
        return;
      case "Edm.Duration":
        if (typeof value !== "string" || !ISO_DURATION.test(value)) this.add(path, "expected an ISO-8601 duration");
        return;
      default:
        this.add(path, `unsupported primitive type ${type}`);
    }
  }

  private enumValue(type: string, t: SchemaType, value: unknown, path: string) {
    const members = t.members ?? [];
    if (typeof value !== "string") return this.add(path, `expected a ${type} value (string)`);
    if (!t.flags) {
      if (!members.includes(value)) this.add(path, `'${value}' is not a member of ${type}`);
      return;
    }
    const parts = flagMembers(value);
    const seen = new Set<string>();
    for (const part of parts) {
      if (!members.includes(part)) this.add(path, `'${part}' is not a member of flags enum ${type}`);
      else if (seen.has(part)) this.add(path, `'${part}' appears twice in flags value`);
      seen.add(part);
    }
  }

  /** The concrete type of an object value: its @odata.type if any, else inferred or declared. */
  private concreteType(declared: string, value: Record<string, unknown>, path: string): string | undefined {
    const annotated = value["@odata.type"];
    if (annotated !== undefined) {
      if (typeof annotated !== "string") {
        this.add(`${path}.@odata.type`, "expected a string");
        return undefined;
      }
      const actual = bareTypeName(annotated);
      if (!TYPES[actual] || !isSubtypeOf(actual, declared)) {
        this.add(`${path}.@odata.type`, `'${annotated}' is not ${declared} or a type derived from it`);
        return undefined;
      }
      if (TYPES[actual]?.abstract) {
        this.add(`${path}.@odata.type`, `'${annotated}' is abstract`);
        return undefined;
      }
      return actual;
    }
    if (!TYPES[declared]?.abstract) return declared;
    // In a request body the abstract external-tenants scope needs its @odata.type: Graph refuses it without one
    // (hashicorp/terraform-provider-azuread#1555, fixed by sending the type in PR #1601). Elsewhere (stored or
    // read values) membershipKind says which one.
    if (declared === "conditionalAccessExternalTenants" && !this.writing) {
      if (value.membershipKind === "all") return "conditionalAccessAllExternalTenants";
      if (value.membershipKind === "enumerated") return "conditionalAccessEnumeratedExternalTenants";
    }
    this.add(path, `abstract type ${declared} needs an @odata.type naming one of: ${(TYPES[declared]?.derived ?? []).join(", ")}`);
    return undefined;
  }

  private structured(declared: string, value: unknown, path: string) {
    if (!isPlainObject(value)) return this.add(path, `expected an object of type ${declared}`);
    const type = this.concreteType(declared, value, path);
    if (!type) return;
    const props = typeProperties(type);
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === "@odata.type") continue;
      if (key.startsWith("@")) {
        if (this.writing) this.add(at, "instance annotations are not allowed in a request body");
        continue;
      }
      const annotationAt = key.indexOf("@");
      if (annotationAt > 0) {
        const prop = props.get(key.slice(0, annotationAt));
        if (!prop) this.add(at, `annotation on unknown property '${key.slice(0, annotationAt)}' of ${type}`);
        else if (this.writing && !(key.slice(annotationAt + 1) === "odata.type" && annotationMatches(v, prop))) {
          this.add(at, "property annotations other than a matching @odata.type are not allowed in a request body");
        }
        continue;
      }
      const prop = props.get(key);
      if (!prop) {
        this.add(at, `property '${key}' does not exist on type ${type}`);
        continue;
      }
      if (this.writing && READ_ONLY_PROPERTIES.has(key)) {
        this.add(at, `property '${key}' is read-only`);
        continue;
      }
      this.property(prop, v, at);
    }
    if (this.mode === "update") return;
    for (const prop of props.values()) {
      if (prop.nullable || prop.navigation || prop.name in value) continue;
      if (this.mode === "create") {
        // Server-filled or defaulted on create: read-only fields, collections (-> []) and booleans (-> false).
        if (READ_ONLY_PROPERTIES.has(prop.name) || prop.collection || prop.type === "Edm.Boolean") continue;
      } else if (prop.collection) continue;
      this.add(path ? `${path}.${prop.name}` : prop.name, `required property '${prop.name}' is missing`);
    }
  }

  private property(prop: SchemaProperty, v: unknown, at: string) {
    if (prop.navigation) return this.navigation(prop, v, at);
    if (v === null) {
      if (!prop.nullable) this.add(at, `property '${prop.name}' cannot be null`);
      return;
    }
    if (prop.collection) {
      if (!Array.isArray(v)) return this.add(at, "expected an array");
      v.forEach((item, i) => {
        if (item === null) this.add(`${at}[${i}]`, "collection items cannot be null");
        else this.value(prop.type, item, `${at}[${i}]`);
      });
      return;
    }
    this.value(prop.type, v, at);
  }

  private navigation(prop: SchemaProperty, v: unknown, at: string) {
    // The only navigation property a CA write may carry: grantControls.authenticationStrength, by
    // reference ({ id }). GET returns it expanded; round-tripping that expansion is a 1007.
    if (prop.name === "authenticationStrength") {
      if (v === null || !this.writing) return;
      if (!isPlainObject(v)) return this.add(at, "expected { id } referencing an authentication strength");
      if (typeof v.id !== "string") this.add(`${at}.id`, "expected the authentication strength id");
      for (const key of Object.keys(v)) if (key !== "id") this.add(`${at}.${key}`, "only 'id' may be sent for authenticationStrength");
      return;
    }
    if (this.writing) this.add(at, `navigation property '${prop.name}' cannot be written inline`);
  }
}

/**
 * Validates `value` as Graph v1.0 type `typeName` (e.g. "conditionalAccessPolicy").
 * - create: full body; read-only properties and annotations refused; required properties enforced.
 * - update: PATCH body; only what is present is checked; null refused where not nullable.
 * - response: what Graph emits; annotations and read-only properties allowed, required present.
 * Returns the issues found (empty = valid).
 */
export function validateGraphValue(typeName: string, value: unknown, options: { mode: ValidationMode }): { path: string; message: string }[] {
  const validator = new Validator(options.mode);
  const name = bareTypeName(typeName);
  if (!TYPES[name]) return [{ path: "$", message: `type '${typeName}' is not in the schema subset` }];
  if (value === null || value === undefined) return [{ path: "$", message: `incoming ${name} object is null` }];
  validator.value(name, value, "");
  return validator.issues;
}
