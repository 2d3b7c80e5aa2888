// The normalized policy every function in lib/ca works on. Reading (read-policy.ts) settles null vs
// absent vs empty once, so the decisions never have to: absent and null collections become [],
// absent and null objects become null, flags strings become member lists, and the original JSON is
// kept in `raw` (with every beta-only or unknown property listed in `extras`).

/** Which external tenants a guests-or-external-users entry covers. */
export type TenantScope =
  | { kind: "all" }
  | { kind: "enumerated"; members: string[] }
  /**
   * `externalTenants` null or absent. Read as every tenant, the Entra portal's default scope; Graph
   * does not document it, so plans state the scope explicitly whenever they rewrite such an entry.
   */
  | { kind: "unspecified" }
  /** A membershipKind this code does not know (e.g. unknownFutureValue): never guessed at. */
  | { kind: "unrecognized"; membershipKind: string | null };

export interface GuestsOrExternalUsersScope {
  /** Distinct members of guestOrExternalUserTypes in their original order ("none" kept if sent). */
  types: string[];
  tenants: TenantScope;
}

export interface UsersCondition {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers: GuestsOrExternalUsersScope | null;
  excludeGuestsOrExternalUsers: GuestsOrExternalUsersScope | null;
}

export interface FilterCondition {
  mode: string | null;
  rule: string | null;
}

export interface ApplicationsCondition {
  includeApplications: string[];
  excludeApplications: string[];
  includeUserActions: string[];
  includeAuthenticationContextClassReferences: string[];
  applicationFilter: FilterCondition | null;
}

export interface ClientApplicationsCondition {
  includeServicePrincipals: string[];
  excludeServicePrincipals: string[];
  servicePrincipalFilter: FilterCondition | null;
}

export interface PlatformsCondition {
  includePlatforms: string[];
  excludePlatforms: string[];
}

export interface LocationsCondition {
  includeLocations: string[];
  excludeLocations: string[];
}

export interface DevicesCondition {
  deviceFilter: FilterCondition | null;
}

export interface AuthenticationFlowsCondition {
  transferMethods: string[];
}

export interface Conditions {
  users: UsersCondition | null;
  applications: ApplicationsCondition | null;
  clientApplications: ClientApplicationsCondition | null;
  clientAppTypes: string[];
  platforms: PlatformsCondition | null;
  locations: LocationsCondition | null;
  devices: DevicesCondition | null;
  userRiskLevels: string[];
  signInRiskLevels: string[];
  servicePrincipalRiskLevels: string[];
  insiderRiskLevels: string[];
  authenticationFlows: AuthenticationFlowsCondition | null;
}

export interface AuthenticationStrength {
  id: string | null;
  displayName: string | null;
}

export interface GrantControls {
  /** Upper-cased when it is and/or in any case; other values kept as sent. */
  operator: string | null;
  builtInControls: string[];
  customAuthenticationFactors: string[];
  termsOfUse: string[];
  authenticationStrength: AuthenticationStrength | null;
}

export interface EnabledControl {
  isEnabled: boolean | null;
}

export interface SessionControls {
  applicationEnforcedRestrictions: EnabledControl | null;
  cloudAppSecurity: (EnabledControl & { cloudAppSecurityType: string | null }) | null;
  disableResilienceDefaults: boolean | null;
  persistentBrowser: (EnabledControl & { mode: string | null }) | null;
  secureSignInSession: EnabledControl | null;
  signInFrequency:
    | (EnabledControl & {
        type: string | null;
        value: number | null;
        authenticationType: string | null;
        frequencyInterval: string | null;
      })
    | null;
}

/** A property that is not in Graph v1.0 (beta-only, deprecated or made up), kept as sent. */
export interface ExtraProperty {
  /** Dotted path, e.g. `sessionControls.continuousAccessEvaluation`. */
  path: string;
  value: unknown;
}

export interface CaPolicy {
  /** The JSON as read; never modified. */
  readonly raw: Readonly<Record<string, unknown>>;
  id: string | null;
  displayName: string | null;
  description: string | null;
  /** Canonical casing when it is one of the three v1.0 states, otherwise kept as sent. */
  state: string | null;
  templateId: string | null;
  createdDateTime: string | null;
  modifiedDateTime: string | null;
  conditions: Conditions;
  grantControls: GrantControls | null;
  sessionControls: SessionControls | null;
  extras: ExtraProperty[];
}
