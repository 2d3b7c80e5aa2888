import { PolicyReadError } from "./errors";
import { parseFlags, canonicalMember } from "./flags";
import {
  CLIENT_APP_TYPES,
  CLOUD_APP_SECURITY_TYPES,
  CONDITIONAL_ACCESS_POLICY_STATES,
  DEVICE_PLATFORMS,
  FILTER_MODES,
  GRANT_CONTROLS,
  GUEST_OR_EXTERNAL_USER_TYPES,
  INSIDER_RISK_LEVELS,
  PERSISTENT_BROWSER_MODES,
  RISK_LEVELS,
  SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  SIGN_IN_FREQUENCY_INTERVALS,
  SIGN_IN_FREQUENCY_TYPES,
  TRANSFER_METHODS,
  V1_TYPES,
  isV1TypeName,
  v1PropertiesOf,
  type V1ComplexType,
  type V1TypeName,
} from "./graph-types";
import type {
  CaPolicy,
  Conditions,
  ExtraProperty,
  FilterCondition,
  GrantControls,
  GuestsOrExternalUsersScope,
  SessionControls,
  TenantScope,
  UsersCondition,
} from "./policy-model";

type JsonObject = Record<string, unknown>;

const readPolicies = new WeakSet<CaPolicy>();

/**
 * Reads one conditionalAccessPolicy as Graph (or an export tool) wrote it. Tolerates what real
 * exports contain; throws PolicyReadError with the property path when the input is not a policy
 * object or a property has the wrong JSON type.
 */
export function readPolicy(input: unknown): CaPolicy {
  const raw = rootObject(input);
  const conditionsRaw = raw.conditions;
  if (!isPlainObject(conditionsRaw)) {
    throw new PolicyReadError(
      "conditions",
      conditionsRaw === undefined || conditionsRaw === null
        ? "missing: a Conditional Access policy always has a conditions object"
        : `expected an object, got ${describeJsonType(conditionsRaw)}`,
    );
  }
  const policy: CaPolicy = {
    raw,
    id: readString(raw, "id", ""),
    displayName: readString(raw, "displayName", ""),
    description: readString(raw, "description", ""),
    state: readEnum(raw, "state", "", CONDITIONAL_ACCESS_POLICY_STATES),
    templateId: readString(raw, "templateId", ""),
    createdDateTime: readString(raw, "createdDateTime", ""),
    modifiedDateTime: readString(raw, "modifiedDateTime", ""),
    conditions: readConditions(conditionsRaw, "conditions"),
    grantControls: readGrantControls(raw),
    sessionControls: readSessionControls(raw),
    extras: collectExtras(raw, "conditionalAccessPolicy", ""),
  };
  readPolicies.add(policy);
  return policy;
}

/** Lets callers pass raw JSON or a policy they already read, without reading twice. */
export function toPolicy(input: unknown): CaPolicy {
  return isCaPolicy(input) ? input : readPolicy(input);
}

export function isCaPolicy(value: unknown): value is CaPolicy {
  return typeof value === "object" && value !== null && readPolicies.has(value as CaPolicy);
}

function rootObject(input: unknown): JsonObject {
  if (!isPlainObject(input)) {
    throw new PolicyReadError("", `expected a Conditional Access policy (a JSON object), got ${describeJsonType(input)}`);
  }
  if (Array.isArray(input.value) && input.conditions === undefined) {
    throw new PolicyReadError("", 'this is a list of policies ({"value": [...]}); pass one policy');
  }
  return input;
}

function readConditions(raw: JsonObject, path: string): Conditions {
  const applications = readObject(raw, "applications", path);
  const clientApplications = readObject(raw, "clientApplications", path);
  const platforms = readObject(raw, "platforms", path);
  const locations = readObject(raw, "locations", path);
  const devices = readObject(raw, "devices", path);
  const authenticationFlows = readObject(raw, "authenticationFlows", path);
  const users = readObject(raw, "users", path);
  return {
    users: users && readUsers(users, join(path, "users")),
    applications: applications && {
      includeApplications: readStrings(applications, "includeApplications", join(path, "applications")),
      excludeApplications: readStrings(applications, "excludeApplications", join(path, "applications")),
      includeUserActions: readStrings(applications, "includeUserActions", join(path, "applications")),
      includeAuthenticationContextClassReferences: readStrings(applications, "includeAuthenticationContextClassReferences", join(path, "applications")),
      applicationFilter: readFilter(applications, "applicationFilter", join(path, "applications")),
    },
    clientApplications: clientApplications && {
      includeServicePrincipals: readStrings(clientApplications, "includeServicePrincipals", join(path, "clientApplications")),
      excludeServicePrincipals: readStrings(clientApplications, "excludeServicePrincipals", join(path, "clientApplications")),
      servicePrincipalFilter: readFilter(clientApplications, "servicePrincipalFilter", join(path, "clientApplications")),
    },
    clientAppTypes: readEnums(raw, "clientAppTypes", path, CLIENT_APP_TYPES),
    platforms: platforms && {
      includePlatforms: readEnums(platforms, "includePlatforms", join(path, "platforms"), DEVICE_PLATFORMS),
      excludePlatforms: readEnums(platforms, "excludePlatforms", join(path, "platforms"), DEVICE_PLATFORMS),
    },
    locations: locations && {
      includeLocations: readStrings(locations, "includeLocations", join(path, "locations")),
      excludeLocations: readStrings(locations, "excludeLocations", join(path, "locations")),
    },
    devices: devices && { deviceFilter: readFilter(devices, "deviceFilter", join(path, "devices")) },
    userRiskLevels: readEnums(raw, "userRiskLevels", path, RISK_LEVELS),
    signInRiskLevels: readEnums(raw, "signInRiskLevels", path, RISK_LEVELS),
    servicePrincipalRiskLevels: readEnums(raw, "servicePrincipalRiskLevels", path, RISK_LEVELS),
    insiderRiskLevels: readFlags(raw, "insiderRiskLevels", path, INSIDER_RISK_LEVELS),
    authenticationFlows: authenticationFlows && {
      transferMethods: readFlags(authenticationFlows, "transferMethods", join(path, "authenticationFlows"), TRANSFER_METHODS),
    },
  };
}

function readUsers(raw: JsonObject, path: string): UsersCondition {
  return {
    includeUsers: readStrings(raw, "includeUsers", path),
    excludeUsers: readStrings(raw, "excludeUsers", path),
    includeGroups: readStrings(raw, "includeGroups", path),
    excludeGroups: readStrings(raw, "excludeGroups", path),
    includeRoles: readStrings(raw, "includeRoles", path),
    excludeRoles: readStrings(raw, "excludeRoles", path),
    includeGuestsOrExternalUsers: readGuests(raw, "includeGuestsOrExternalUsers", path),
    excludeGuestsOrExternalUsers: readGuests(raw, "excludeGuestsOrExternalUsers", path),
  };
}

function readGuests(parent: JsonObject, key: string, parentPath: string): GuestsOrExternalUsersScope | null {
  const raw = readObject(parent, key, parentPath);
  if (!raw) return null;
  const path = join(parentPath, key);
  return {
    types: readFlags(raw, "guestOrExternalUserTypes", path, GUEST_OR_EXTERNAL_USER_TYPES),
    tenants: readTenantScope(raw, join(path, "externalTenants")),
  };
}

function readTenantScope(parent: JsonObject, path: string): TenantScope {
  const raw = readObject(parent, "externalTenants", parentPathOf(path));
  if (!raw) return { kind: "unspecified" };
  const kind = readString(raw, "membershipKind", path);
  const odataType = typeof raw["@odata.type"] === "string" ? raw["@odata.type"].toLowerCase() : "";
  const hasMembers = raw.members !== undefined && raw.members !== null;
  // membershipKind is what Graph evaluates; the @odata.type or a members array only decide when it is
  // absent, as in some hand-written exports.
  const lowerKind = kind?.trim().toLowerCase() ?? null;
  if (lowerKind === "all" || (lowerKind === null && odataType.endsWith("conditionalaccessallexternaltenants"))) {
    return { kind: "all" };
  }
  if (lowerKind === "enumerated" || (lowerKind === null && (odataType.endsWith("conditionalaccessenumeratedexternaltenants") || hasMembers))) {
    return { kind: "enumerated", members: readStrings(raw, "members", path) };
  }
  return { kind: "unrecognized", membershipKind: kind };
}

function readFilter(parent: JsonObject, key: string, parentPath: string): FilterCondition | null {
  const raw = readObject(parent, key, parentPath);
  if (!raw) return null;
  const path = join(parentPath, key);
  return { mode: readEnum(raw, "mode", path, FILTER_MODES), rule: readString(raw, "rule", path) };
}

function readGrantControls(policy: JsonObject): GrantControls | null {
  const raw = readObject(policy, "grantControls", "");
  if (!raw) return null;
  const path = "grantControls";
  const operator = readString(raw, "operator", path);
  const strength = readObject(raw, "authenticationStrength", path);
  return {
    operator: operator !== null && /^(and|or)$/i.test(operator.trim()) ? operator.trim().toUpperCase() : operator,
    builtInControls: readEnums(raw, "builtInControls", path, GRANT_CONTROLS),
    customAuthenticationFactors: readStrings(raw, "customAuthenticationFactors", path),
    termsOfUse: readStrings(raw, "termsOfUse", path),
    authenticationStrength: strength && {
      id: readString(strength, "id", join(path, "authenticationStrength")),
      displayName: readString(strength, "displayName", join(path, "authenticationStrength")),
    },
  };
}

function readSessionControls(policy: JsonObject): SessionControls | null {
  const raw = readObject(policy, "sessionControls", "");
  if (!raw) return null;
  const path = "sessionControls";
  const enabled = (control: JsonObject, key: string) => readBoolean(control, "isEnabled", join(path, key));
  const restrictions = readObject(raw, "applicationEnforcedRestrictions", path);
  const cloudAppSecurity = readObject(raw, "cloudAppSecurity", path);
  const persistentBrowser = readObject(raw, "persistentBrowser", path);
  const secureSignInSession = readObject(raw, "secureSignInSession", path);
  const signInFrequency = readObject(raw, "signInFrequency", path);
  return {
    applicationEnforcedRestrictions: restrictions && { isEnabled: enabled(restrictions, "applicationEnforcedRestrictions") },
    cloudAppSecurity: cloudAppSecurity && {
      isEnabled: enabled(cloudAppSecurity, "cloudAppSecurity"),
      cloudAppSecurityType: readEnum(cloudAppSecurity, "cloudAppSecurityType", join(path, "cloudAppSecurity"), CLOUD_APP_SECURITY_TYPES),
    },
    disableResilienceDefaults: readBoolean(raw, "disableResilienceDefaults", path),
    persistentBrowser: persistentBrowser && {
      isEnabled: enabled(persistentBrowser, "persistentBrowser"),
      mode: readEnum(persistentBrowser, "mode", join(path, "persistentBrowser"), PERSISTENT_BROWSER_MODES),
    },
    secureSignInSession: secureSignInSession && { isEnabled: enabled(secureSignInSession, "secureSignInSession") },
    signInFrequency: signInFrequency && {
      isEnabled: enabled(signInFrequency, "signInFrequency"),
      type: readEnum(signInFrequency, "type", join(path, "signInFrequency"), SIGN_IN_FREQUENCY_TYPES),
      value: readInteger(signInFrequency, "value", join(path, "signInFrequency")),
      authenticationType: readEnum(signInFrequency, "authenticationType", join(path, "signInFrequency"), SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES),
      frequencyInterval: readEnum(signInFrequency, "frequencyInterval", join(path, "signInFrequency"), SIGN_IN_FREQUENCY_INTERVALS),
    },
  };
}

// ---- extras: properties that v1.0 does not define, kept with their path ----

function collectExtras(raw: JsonObject, typeName: V1TypeName, path: string): ExtraProperty[] {
  const extras: ExtraProperty[] = [];
  walkExtras(raw, typeName, path, extras);
  return extras;
}

function walkExtras(raw: JsonObject, typeName: V1TypeName, path: string, extras: ExtraProperty[]): void {
  const properties = v1PropertiesOf(typeName);
  const type: V1ComplexType = V1_TYPES[typeName];
  const navigation = type.navigation ?? [];
  // Keys, not entries: no [key, value] pair made per property of every policy read.
  for (const key of Object.keys(raw)) {
    if (isAnnotation(key)) continue;
    const value = raw[key];
    const propertyType = properties[key];
    if (propertyType === undefined) {
      extras.push({ path: join(path, key), value });
      continue;
    }
    if (navigation.includes(key)) continue;
    const elementType = propertyType.endsWith("[]") ? propertyType.slice(0, -2) : propertyType;
    if (isV1TypeName(elementType) && isPlainObject(value)) walkExtras(value, elementType, join(path, key), extras);
  }
}

/** OData annotations (`@odata.type`, `members@odata.type`) and advertised actions (`#microsoft.graph.restore`). */
export function isAnnotation(key: string): boolean {
  return key.includes("@") || key.startsWith("#");
}

// ---- typed property readers: tolerant of null/absent, precise about wrong JSON types ----

function readObject(parent: JsonObject, key: string, parentPath: string): JsonObject | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  // Some exports write an empty condition as [] instead of null.
  if (Array.isArray(value) && value.length === 0) return null;
  if (!isPlainObject(value)) throw wrongType(join(parentPath, key), "an object", value);
  return value;
}

function readStrings(parent: JsonObject, key: string, parentPath: string): string[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  const path = join(parentPath, key);
  if (!Array.isArray(value)) throw wrongType(path, "an array of strings", value);
  return value.map((entry, index) => {
    if (typeof entry !== "string") throw wrongType(`${path}[${index}]`, "a string", entry);
    return entry;
  });
}

function readEnums(parent: JsonObject, key: string, parentPath: string, known: readonly string[]): string[] {
  return readStrings(parent, key, parentPath).map((entry) => canonicalMember(entry, known));
}

function readString(parent: JsonObject, key: string, parentPath: string): string | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw wrongType(join(parentPath, key), "a string", value);
  return value;
}

function readEnum(parent: JsonObject, key: string, parentPath: string, known: readonly string[]): string | null {
  const value = readString(parent, key, parentPath);
  return value === null ? null : canonicalMember(value, known);
}

function readFlags(parent: JsonObject, key: string, parentPath: string, known: readonly string[]): string[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  // Flags are a string on the wire; an array of strings is a common export mistake with one meaning.
  if (typeof value === "string") return parseFlags(value, known);
  if (Array.isArray(value)) return parseFlags(readStrings(parent, key, parentPath), known);
  throw wrongType(join(parentPath, key), "a comma-separated string", value);
}

function readBoolean(parent: JsonObject, key: string, parentPath: string): boolean | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw wrongType(join(parentPath, key), "true or false", value);
  return value;
}

function readInteger(parent: JsonObject, key: string, parentPath: string): number | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType(join(parentPath, key), "an integer", value);
  return value;
}

function wrongType(path: string, expected: string, value: unknown): PolicyReadError {
  return new PolicyReadError(path, `expected ${expected}, got ${describeJsonType(value)}`);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

function parentPathOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? "" : path.slice(0, dot);
}
