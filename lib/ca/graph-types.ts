// Wire shapes of Graph v1.0 Conditional Access, written by hand from the published v1.0 metadata
// (vendor/graph-schema/v1.0-subset.json). graph-types.test.ts compares V1_ENUMS and V1_TYPES with
// that file both ways, and the `Record<keyof ...>` annotations below make the compiler check that
// V1_TYPES and the interfaces agree, so a schema change cannot slip past the types or the reader.

export const CONDITIONAL_ACCESS_POLICY_STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const;
export const CLIENT_APP_TYPES = ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other", "unknownFutureValue"] as const;
export const DEVICE_PLATFORMS = ["android", "iOS", "windows", "windowsPhone", "macOS", "all", "unknownFutureValue", "linux"] as const;
export const RISK_LEVELS = ["low", "medium", "high", "hidden", "none", "unknownFutureValue"] as const;
export const INSIDER_RISK_LEVELS = ["minor", "moderate", "elevated", "unknownFutureValue"] as const;
export const TRANSFER_METHODS = ["none", "deviceCodeFlow", "authenticationTransfer", "unknownFutureValue"] as const;
export const GUEST_OR_EXTERNAL_USER_TYPES = [
  "none",
  "internalGuest",
  "b2bCollaborationGuest",
  "b2bCollaborationMember",
  "b2bDirectConnectUser",
  "otherExternalUser",
  "serviceProvider",
  "unknownFutureValue",
] as const;
export const EXTERNAL_TENANTS_MEMBERSHIP_KINDS = ["all", "enumerated", "unknownFutureValue"] as const;
export const FILTER_MODES = ["include", "exclude"] as const;
export const GRANT_CONTROLS = [
  "block",
  "mfa",
  "compliantDevice",
  "domainJoinedDevice",
  "approvedApplication",
  "compliantApplication",
  "passwordChange",
  "unknownFutureValue",
  "riskRemediation",
] as const;
export const CLOUD_APP_SECURITY_TYPES = ["mcasConfigured", "monitorOnly", "blockDownloads", "unknownFutureValue"] as const;
export const PERSISTENT_BROWSER_MODES = ["always", "never"] as const;
export const SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES = ["primaryAndSecondaryAuthentication", "secondaryAuthentication", "unknownFutureValue"] as const;
export const SIGN_IN_FREQUENCY_INTERVALS = ["timeBased", "everyTime", "unknownFutureValue"] as const;
export const SIGN_IN_FREQUENCY_TYPES = ["days", "hours"] as const;

export type ConditionalAccessPolicyState = (typeof CONDITIONAL_ACCESS_POLICY_STATES)[number];
export type ConditionalAccessClientApp = (typeof CLIENT_APP_TYPES)[number];
export type ConditionalAccessDevicePlatform = (typeof DEVICE_PLATFORMS)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type ConditionalAccessGuestOrExternalUserType = (typeof GUEST_OR_EXTERNAL_USER_TYPES)[number];
export type ConditionalAccessExternalTenantsMembershipKind = (typeof EXTERNAL_TENANTS_MEMBERSHIP_KINDS)[number];
export type FilterMode = (typeof FILTER_MODES)[number];
export type ConditionalAccessGrantControl = (typeof GRANT_CONTROLS)[number];
export type CloudAppSecuritySessionControlType = (typeof CLOUD_APP_SECURITY_TYPES)[number];
export type PersistentBrowserSessionMode = (typeof PERSISTENT_BROWSER_MODES)[number];
export type SignInFrequencyAuthenticationType = (typeof SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES)[number];
export type SignInFrequencyInterval = (typeof SIGN_IN_FREQUENCY_INTERVALS)[number];
export type SigninFrequencyType = (typeof SIGN_IN_FREQUENCY_TYPES)[number];

/** A flags enum travels as one comma-separated string, e.g. "b2bCollaborationGuest,serviceProvider". */
export type FlagsString = string;

export interface V1Enum {
  readonly members: readonly string[];
  readonly flags: boolean;
}

/** Every enum reachable from conditionalAccessPolicy, keyed by its v1.0 metadata name. */
export const V1_ENUMS = {
  conditionalAccessPolicyState: { members: CONDITIONAL_ACCESS_POLICY_STATES, flags: false },
  conditionalAccessClientApp: { members: CLIENT_APP_TYPES, flags: false },
  conditionalAccessDevicePlatform: { members: DEVICE_PLATFORMS, flags: false },
  riskLevel: { members: RISK_LEVELS, flags: false },
  conditionalAccessInsiderRiskLevels: { members: INSIDER_RISK_LEVELS, flags: true },
  conditionalAccessTransferMethods: { members: TRANSFER_METHODS, flags: true },
  conditionalAccessGuestOrExternalUserTypes: { members: GUEST_OR_EXTERNAL_USER_TYPES, flags: true },
  conditionalAccessExternalTenantsMembershipKind: { members: EXTERNAL_TENANTS_MEMBERSHIP_KINDS, flags: false },
  filterMode: { members: FILTER_MODES, flags: false },
  conditionalAccessGrantControl: { members: GRANT_CONTROLS, flags: false },
  cloudAppSecuritySessionControlType: { members: CLOUD_APP_SECURITY_TYPES, flags: false },
  persistentBrowserSessionMode: { members: PERSISTENT_BROWSER_MODES, flags: false },
  signInFrequencyAuthenticationType: { members: SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES, flags: false },
  signInFrequencyInterval: { members: SIGN_IN_FREQUENCY_INTERVALS, flags: false },
  signinFrequencyType: { members: SIGN_IN_FREQUENCY_TYPES, flags: false },
} as const satisfies Record<string, V1Enum>;

export type V1EnumName = keyof typeof V1_ENUMS;

// ---- wire interfaces (what Graph sends and accepts; every property may be absent in a body) ----

export interface ConditionalAccessFilter {
  mode?: FilterMode;
  rule?: string;
}

export interface ConditionalAccessAllExternalTenants {
  "@odata.type"?: "#microsoft.graph.conditionalAccessAllExternalTenants";
  membershipKind?: ConditionalAccessExternalTenantsMembershipKind | null;
}

export interface ConditionalAccessEnumeratedExternalTenants {
  "@odata.type"?: "#microsoft.graph.conditionalAccessEnumeratedExternalTenants";
  membershipKind?: ConditionalAccessExternalTenantsMembershipKind | null;
  members?: string[];
}

/** Abstract in the metadata; only its two derived types ever travel. */
export type ConditionalAccessExternalTenants = ConditionalAccessAllExternalTenants | ConditionalAccessEnumeratedExternalTenants;

export interface ConditionalAccessGuestsOrExternalUsers {
  guestOrExternalUserTypes?: FlagsString;
  externalTenants?: ConditionalAccessExternalTenants | null;
}

export interface ConditionalAccessUsers {
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  includeRoles?: string[];
  excludeRoles?: string[];
  includeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers | null;
  excludeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers | null;
}

export interface ConditionalAccessApplications {
  includeApplications?: string[];
  excludeApplications?: string[];
  includeUserActions?: string[];
  includeAuthenticationContextClassReferences?: string[];
  applicationFilter?: ConditionalAccessFilter | null;
}

export interface ConditionalAccessClientApplications {
  includeServicePrincipals?: string[];
  excludeServicePrincipals?: string[];
  servicePrincipalFilter?: ConditionalAccessFilter | null;
}

export interface ConditionalAccessPlatforms {
  includePlatforms?: ConditionalAccessDevicePlatform[];
  excludePlatforms?: ConditionalAccessDevicePlatform[];
}

export interface ConditionalAccessLocations {
  includeLocations?: string[];
  excludeLocations?: string[];
}

export interface ConditionalAccessDevices {
  deviceFilter?: ConditionalAccessFilter | null;
}

export interface ConditionalAccessAuthenticationFlows {
  transferMethods?: FlagsString;
}

export interface ConditionalAccessConditionSet {
  applications?: ConditionalAccessApplications | null;
  users?: ConditionalAccessUsers | null;
  clientApplications?: ConditionalAccessClientApplications | null;
  clientAppTypes?: ConditionalAccessClientApp[];
  platforms?: ConditionalAccessPlatforms | null;
  locations?: ConditionalAccessLocations | null;
  devices?: ConditionalAccessDevices | null;
  userRiskLevels?: RiskLevel[];
  signInRiskLevels?: RiskLevel[];
  servicePrincipalRiskLevels?: RiskLevel[];
  insiderRiskLevels?: FlagsString | null;
  authenticationFlows?: ConditionalAccessAuthenticationFlows | null;
}

/** Navigation property: set with `{ id }`, returned expanded (id, displayName, ...). */
export interface AuthenticationStrengthReference {
  id?: string;
  displayName?: string;
  [property: string]: unknown;
}

export interface ConditionalAccessGrantControls {
  operator?: string | null;
  builtInControls?: ConditionalAccessGrantControl[];
  customAuthenticationFactors?: string[];
  termsOfUse?: string[];
  authenticationStrength?: AuthenticationStrengthReference | null;
}

export interface ApplicationEnforcedRestrictionsSessionControl {
  isEnabled?: boolean | null;
}

export interface CloudAppSecuritySessionControl {
  isEnabled?: boolean | null;
  cloudAppSecurityType?: CloudAppSecuritySessionControlType | null;
}

export interface PersistentBrowserSessionControl {
  isEnabled?: boolean | null;
  mode?: PersistentBrowserSessionMode | null;
}

export interface SecureSignInSessionControl {
  isEnabled?: boolean | null;
}

export interface SignInFrequencySessionControl {
  isEnabled?: boolean | null;
  type?: SigninFrequencyType | null;
  value?: number | null;
  authenticationType?: SignInFrequencyAuthenticationType | null;
  frequencyInterval?: SignInFrequencyInterval | null;
}

export interface ConditionalAccessSessionControls {
  applicationEnforcedRestrictions?: ApplicationEnforcedRestrictionsSessionControl | null;
  cloudAppSecurity?: CloudAppSecuritySessionControl | null;
  disableResilienceDefaults?: boolean | null;
  persistentBrowser?: PersistentBrowserSessionControl | null;
  secureSignInSession?: SecureSignInSessionControl | null;
  signInFrequency?: SignInFrequencySessionControl | null;
}

export interface ConditionalAccessPolicy {
  id?: string;
  displayName?: string;
  description?: string | null;
  state?: ConditionalAccessPolicyState;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  deletedDateTime?: string | null;
  templateId?: string | null;
  conditions?: ConditionalAccessConditionSet;
  grantControls?: ConditionalAccessGrantControls | null;
  sessionControls?: ConditionalAccessSessionControls | null;
}

// ---- the same shapes as data, for the reader and the drift test ----

/**
 * A property's v1.0 type as the metadata names it: `Edm.String`, an enum or complex type name, with
 * `[]` appended for collections. Inherited properties are listed on the derived type.
 */
export type V1PropertyType = string;

export interface V1ComplexType {
  readonly properties: Readonly<Record<string, V1PropertyType>>;
  /** Concrete types of an abstract (polymorphic) type, by their `@odata.type` name. */
  readonly derived?: readonly string[];
  /** Navigation properties hold another entity; the reader treats their content as opaque. */
  readonly navigation?: readonly string[];
}

const conditionalAccessFilter: Record<keyof ConditionalAccessFilter, V1PropertyType> = {
  mode: "filterMode",
  rule: "Edm.String",
};
const externalTenantsBase: Record<keyof ConditionalAccessAllExternalTenants, V1PropertyType> = {
  "@odata.type": "odata.type",
  membershipKind: "conditionalAccessExternalTenantsMembershipKind",
};
const enumeratedExternalTenants: Record<keyof ConditionalAccessEnumeratedExternalTenants, V1PropertyType> = {
  "@odata.type": "odata.type",
  membershipKind: "conditionalAccessExternalTenantsMembershipKind",
  members: "Edm.String[]",
};
const guestsOrExternalUsers: Record<keyof ConditionalAccessGuestsOrExternalUsers, V1PropertyType> = {
  externalTenants: "conditionalAccessExternalTenants",
  guestOrExternalUserTypes: "conditionalAccessGuestOrExternalUserTypes",
};
const users: Record<keyof ConditionalAccessUsers, V1PropertyType> = {
  excludeGroups: "Edm.String[]",
  excludeGuestsOrExternalUsers: "conditionalAccessGuestsOrExternalUsers",
  excludeRoles: "Edm.String[]",
  excludeUsers: "Edm.String[]",
  includeGroups: "Edm.String[]",
  includeGuestsOrExternalUsers: "conditionalAccessGuestsOrExternalUsers",
  includeRoles: "Edm.String[]",
  includeUsers: "Edm.String[]",
};
const applications: Record<keyof ConditionalAccessApplications, V1PropertyType> = {
  applicationFilter: "conditionalAccessFilter",
  excludeApplications: "Edm.String[]",
  includeApplications: "Edm.String[]",
  includeAuthenticationContextClassReferences: "Edm.String[]",
  includeUserActions: "Edm.String[]",
};
const clientApplications: Record<keyof ConditionalAccessClientApplications, V1PropertyType> = {
  excludeServicePrincipals: "Edm.String[]",
  includeServicePrincipals: "Edm.String[]",
  servicePrincipalFilter: "conditionalAccessFilter",
};
const platforms: Record<keyof ConditionalAccessPlatforms, V1PropertyType> = {
  excludePlatforms: "conditionalAccessDevicePlatform[]",
  includePlatforms: "conditionalAccessDevicePlatform[]",
};
const locations: Record<keyof ConditionalAccessLocations, V1PropertyType> = {
  excludeLocations: "Edm.String[]",
  includeLocations: "Edm.String[]",
};
const devices: Record<keyof ConditionalAccessDevices, V1PropertyType> = {
  deviceFilter: "conditionalAccessFilter",
};
const authenticationFlows: Record<keyof ConditionalAccessAuthenticationFlows, V1PropertyType> = {
  transferMethods: "conditionalAccessTransferMethods",
};
const conditionSet: Record<keyof ConditionalAccessConditionSet, V1PropertyType> = {
  applications: "conditionalAccessApplications",
  authenticationFlows: "conditionalAccessAuthenticationFlows",
  clientApplications: "conditionalAccessClientApplications",
  clientAppTypes: "conditionalAccessClientApp[]",
  devices: "conditionalAccessDevices",
  insiderRiskLevels: "conditionalAccessInsiderRiskLevels",
  locations: "conditionalAccessLocations",
  platforms: "conditionalAccessPlatforms",
  servicePrincipalRiskLevels: "riskLevel[]",
  signInRiskLevels: "riskLevel[]",
  userRiskLevels: "riskLevel[]",
  users: "conditionalAccessUsers",
};
const grantControls: Record<keyof ConditionalAccessGrantControls, V1PropertyType> = {
  builtInControls: "conditionalAccessGrantControl[]",
  customAuthenticationFactors: "Edm.String[]",
  operator: "Edm.String",
  termsOfUse: "Edm.String[]",
  authenticationStrength: "authenticationStrengthPolicy",
};
const applicationEnforcedRestrictions: Record<keyof ApplicationEnforcedRestrictionsSessionControl, V1PropertyType> = {
  isEnabled: "Edm.Boolean",
};
const cloudAppSecurity: Record<keyof CloudAppSecuritySessionControl, V1PropertyType> = {
  isEnabled: "Edm.Boolean",
  cloudAppSecurityType: "cloudAppSecuritySessionControlType",
};
const persistentBrowser: Record<keyof PersistentBrowserSessionControl, V1PropertyType> = {
  isEnabled: "Edm.Boolean",
  mode: "persistentBrowserSessionMode",
};
const secureSignInSession: Record<keyof SecureSignInSessionControl, V1PropertyType> = {
  isEnabled: "Edm.Boolean",
};
const signInFrequency: Record<keyof SignInFrequencySessionControl, V1PropertyType> = {
  isEnabled: "Edm.Boolean",
  authenticationType: "signInFrequencyAuthenticationType",
  frequencyInterval: "signInFrequencyInterval",
  type: "signinFrequencyType",
  value: "Edm.Int32",
};
const sessionControls: Record<keyof ConditionalAccessSessionControls, V1PropertyType> = {
  applicationEnforcedRestrictions: "applicationEnforcedRestrictionsSessionControl",
  cloudAppSecurity: "cloudAppSecuritySessionControl",
  disableResilienceDefaults: "Edm.Boolean",
  persistentBrowser: "persistentBrowserSessionControl",
  secureSignInSession: "secureSignInSessionControl",
  signInFrequency: "signInFrequencySessionControl",
};
const policy: Record<keyof ConditionalAccessPolicy, V1PropertyType> = {
  conditions: "conditionalAccessConditionSet",
  createdDateTime: "Edm.DateTimeOffset",
  deletedDateTime: "Edm.DateTimeOffset",
  description: "Edm.String",
  displayName: "Edm.String",
  grantControls: "conditionalAccessGrantControls",
  id: "Edm.String",
  modifiedDateTime: "Edm.DateTimeOffset",
  sessionControls: "conditionalAccessSessionControls",
  state: "conditionalAccessPolicyState",
  templateId: "Edm.String",
};

/** The pseudo-type of `@odata.type` entries above; it is an annotation, not a metadata property. */
export const ODATA_TYPE_PROPERTY = "odata.type";

function withoutOdataType(properties: Readonly<Record<string, V1PropertyType>>): Record<string, V1PropertyType> {
  return Object.fromEntries(Object.entries(properties).filter(([, type]) => type !== ODATA_TYPE_PROPERTY));
}

/** Every complex/entity type reachable from conditionalAccessPolicy, with inherited properties flattened. */
export const V1_TYPES = {
  conditionalAccessPolicy: { properties: policy },
  conditionalAccessConditionSet: { properties: conditionSet },
  conditionalAccessUsers: { properties: users },
  conditionalAccessGuestsOrExternalUsers: { properties: guestsOrExternalUsers },
  conditionalAccessExternalTenants: {
    properties: withoutOdataType(externalTenantsBase),
    derived: ["conditionalAccessAllExternalTenants", "conditionalAccessEnumeratedExternalTenants"],
  },
  conditionalAccessAllExternalTenants: { properties: withoutOdataType(externalTenantsBase) },
  conditionalAccessEnumeratedExternalTenants: { properties: withoutOdataType(enumeratedExternalTenants) },
  conditionalAccessApplications: { properties: applications },
  conditionalAccessClientApplications: { properties: clientApplications },
  conditionalAccessPlatforms: { properties: platforms },
  conditionalAccessLocations: { properties: locations },
  conditionalAccessDevices: { properties: devices },
  conditionalAccessAuthenticationFlows: { properties: authenticationFlows },
  conditionalAccessFilter: { properties: conditionalAccessFilter },
  conditionalAccessGrantControls: { properties: grantControls, navigation: ["authenticationStrength"] },
  conditionalAccessSessionControls: { properties: sessionControls },
  conditionalAccessSessionControl: {
    properties: { isEnabled: "Edm.Boolean" },
    derived: [
      "applicationEnforcedRestrictionsSessionControl",
      "cloudAppSecuritySessionControl",
      "persistentBrowserSessionControl",
      "secureSignInSessionControl",
      "signInFrequencySessionControl",
    ],
  },
  applicationEnforcedRestrictionsSessionControl: { properties: applicationEnforcedRestrictions },
  cloudAppSecuritySessionControl: { properties: cloudAppSecurity },
  persistentBrowserSessionControl: { properties: persistentBrowser },
  secureSignInSessionControl: { properties: secureSignInSession },
  signInFrequencySessionControl: { properties: signInFrequency },
} as const satisfies Record<string, V1ComplexType>;

export type V1TypeName = keyof typeof V1_TYPES;

export const ODATA_TYPE = {
  allExternalTenants: "#microsoft.graph.conditionalAccessAllExternalTenants",
  enumeratedExternalTenants: "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
} as const;

// Merged once per type: every policy read walks these for each of its objects.
const mergedProperties = new Map<V1TypeName, Readonly<Record<string, V1PropertyType>>>();

/** Property types of a (possibly abstract) type, including what its derived types add. */
export function v1PropertiesOf(typeName: V1TypeName): Readonly<Record<string, V1PropertyType>> {
  const type: V1ComplexType = V1_TYPES[typeName];
  if (!type.derived) return type.properties;
  const known = mergedProperties.get(typeName);
  if (known) return known;
  const merged: Record<string, V1PropertyType> = { ...type.properties };
  for (const derived of type.derived) {
    if (isV1TypeName(derived)) Object.assign(merged, V1_TYPES[derived].properties);
  }
  mergedProperties.set(typeName, merged);
  return merged;
}

export function isV1TypeName(name: string): name is V1TypeName {
  return Object.hasOwn(V1_TYPES, name);
}

export function isV1EnumName(name: string): name is V1EnumName {
  return Object.hasOwn(V1_ENUMS, name);
}
