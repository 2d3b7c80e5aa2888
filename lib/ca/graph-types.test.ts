import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { V1_ENUMS, V1_TYPES, isV1EnumName, isV1TypeName, type V1TypeName } from "./graph-types";
import { readPolicy } from "./read-policy";

interface SchemaProperty {
  name: string;
  type: string;
  collection: boolean;
  navigation: boolean;
}
type SchemaType =
  | { kind: "entity" | "complex"; base: string | null; abstract: boolean; properties: SchemaProperty[]; derived?: string[] }
  | { kind: "enum"; flags: boolean; members: string[] };

const schemaPath = fileURLToPath(new URL("../../vendor/graph-schema/v1.0-subset.json", import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as { types: Record<string, SchemaType> };

function schemaType(name: string): SchemaType | undefined {
  return schema.types[name];
}

/** Properties of a structured type including those inherited from its base types. */
function flattenedProperties(name: string): SchemaProperty[] {
  const type = schemaType(name);
  if (!type || type.kind === "enum") return [];
  return [...(type.base ? flattenedProperties(type.base) : []), ...type.properties];
}

/** Every type name reachable from conditionalAccessPolicy through properties and derived types. */
function reachableFrom(root: string): { structured: string[]; enums: string[]; missing: string[] } {
  const seen = new Set<string>();
  const structured: string[] = [];
  const enums: string[] = [];
  const missing: string[] = [];
  // A base type is reached for its own properties only: walking down from policyDeletableItem to its
  // other derived types (named locations) would leave Conditional Access.
  const visit = (name: string, asBase = false) => {
    if (name.startsWith("Edm.") || seen.has(name)) return;
    seen.add(name);
    const type = schemaType(name);
    if (!type) {
      missing.push(name);
      return;
    }
    if (type.kind === "enum") {
      enums.push(name);
      return;
    }
    structured.push(name);
    if (type.base) visit(type.base, true);
    for (const property of flattenedProperties(name)) visit(property.type);
    if (!asBase) for (const derived of type.derived ?? []) visit(derived);
  };
  visit(root);
  return { structured, enums, missing };
}

const reachable = reachableFrom("conditionalAccessPolicy");

describe("graph-types against vendor/graph-schema/v1.0-subset.json", () => {
  it("reaches the whole Conditional Access type graph (sanity check of the walk itself)", () => {
    expect(reachable.structured).toContain("conditionalAccessGuestsOrExternalUsers");
    expect(reachable.structured).toContain("signInFrequencySessionControl");
    expect(reachable.enums).toContain("conditionalAccessGuestOrExternalUserTypes");
    // The only type the subset leaves out is the authentication strength entity (a navigation target).
    expect(reachable.missing).toEqual(["authenticationStrengthPolicy"]);
  });

  it("declares exactly the structured types the schema reaches from conditionalAccessPolicy", () => {
    // policyDeletableItem only contributes deletedDateTime, which V1_TYPES lists on the policy itself.
    const schemaStructured = reachable.structured.filter((name) => name !== "policyDeletableItem");
    expect(Object.keys(V1_TYPES).sort()).toEqual(schemaStructured.sort());
  });

  it.each(reachable.structured.filter(isV1TypeName))("%s: same properties with the same types", (name) => {
    const expected = Object.fromEntries(
      flattenedProperties(name).map((property) => [property.name, property.collection ? `${property.type}[]` : property.type]),
    );
    expect(V1_TYPES[name as V1TypeName].properties).toEqual(expected);
  });

  it("declares exactly the enums the schema reaches", () => {
    expect(Object.keys(V1_ENUMS).sort()).toEqual([...reachable.enums].sort());
  });

  it.each(reachable.enums.filter(isV1EnumName))("%s: same members and flags", (name) => {
    const type = schemaType(name);
    if (!type || type.kind !== "enum") throw new Error(`${name} is not an enum in the schema`);
    expect({ members: [...V1_ENUMS[name].members], flags: V1_ENUMS[name].flags }).toEqual({ members: type.members, flags: type.flags });
  });

  it("marks polymorphic types with the schema's derived types", () => {
    for (const name of ["conditionalAccessExternalTenants", "conditionalAccessSessionControl"] as const) {
      const type = schemaType(name);
      expect(type && type.kind !== "enum" ? type.derived : undefined).toEqual(V1_TYPES[name].derived);
    }
  });
});

// A policy with every v1.0 property set, generated from the schema: if Graph adds a property the
// reader does not know, it shows up here as an "extra" instead of being read.
function sampleValue(typeName: string, collection: boolean, depth: number): unknown {
  const one = (): unknown => {
    if (typeName === "Edm.String") return "x";
    if (typeName === "Edm.Boolean") return true;
    if (typeName === "Edm.Int32") return 1;
    if (typeName === "Edm.DateTimeOffset") return "2024-01-01T00:00:00Z";
    const type = schemaType(typeName);
    if (!type) return { id: "00000000-0000-0000-0000-000000000002" };
    if (type.kind === "enum") return type.members[0];
    if (type.abstract && type.derived?.[0]) return sampleObject(type.derived[type.derived.length - 1] ?? type.derived[0], depth + 1);
    return sampleObject(typeName, depth + 1);
  };
  return collection ? [one()] : one();
}

function sampleObject(typeName: string, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const property of flattenedProperties(typeName)) {
    if (depth > 8) break;
    object[property.name] = sampleValue(property.type, property.collection, depth);
  }
  // A derived type travels with its @odata.type, and its discriminator must agree with it.
  if (typeName === "conditionalAccessEnumeratedExternalTenants") {
    object["@odata.type"] = "#microsoft.graph.conditionalAccessEnumeratedExternalTenants";
    object.membershipKind = "enumerated";
  }
  return object;
}

describe("the reader covers every v1.0 property", () => {
  const maximal = sampleObject("conditionalAccessPolicy", 0);

  it("reads a policy with every v1.0 property set and reports nothing as beta-only or unknown", () => {
    const policy = readPolicy(maximal);
    expect(policy.extras).toEqual([]);
  });

  it("fills every normalized field from it", () => {
    const policy = readPolicy(maximal);
    const c = policy.conditions;
    expect(c.users?.excludeGuestsOrExternalUsers?.types).toEqual(["none"]);
    expect(c.users?.includeGuestsOrExternalUsers?.tenants).toEqual({ kind: "enumerated", members: ["x"] });
    expect(c.applications?.applicationFilter).toEqual({ mode: "include", rule: "x" });
    expect(c.clientApplications?.servicePrincipalFilter).toEqual({ mode: "include", rule: "x" });
    expect(c.devices?.deviceFilter).toEqual({ mode: "include", rule: "x" });
    expect(c.insiderRiskLevels).toEqual(["minor"]);
    expect(c.authenticationFlows).toEqual({ transferMethods: ["none"] });
    expect(c.platforms).toEqual({ includePlatforms: ["android"], excludePlatforms: ["android"] });
    expect(policy.grantControls?.authenticationStrength?.id).toBe("00000000-0000-0000-0000-000000000002");
    expect(policy.sessionControls?.signInFrequency).toEqual({
      isEnabled: true,
      type: "days",
      value: 1,
      authenticationType: "primaryAndSecondaryAuthentication",
      frequencyInterval: "timeBased",
    });
    expect(policy.sessionControls?.cloudAppSecurity).toEqual({ isEnabled: true, cloudAppSecurityType: "mcasConfigured" });
    expect(policy.sessionControls?.disableResilienceDefaults).toBe(true);
  });

  it("reports a property the schema does not define, with its path", () => {
    const withExtra = structuredClone(maximal) as { conditions: { users: Record<string, unknown> } };
    withExtra.conditions.users.includeAgentUsers = ["a"];
    expect(readPolicy(withExtra).extras).toEqual([{ path: "conditions.users.includeAgentUsers", value: ["a"] }]);
  });
});
