// Hand-written policy bodies the scenarios need to be sure of (the corpus may not offer one in a
// given draw): plain Graph v1.0 create bodies, as an admin would write them.
import type { Json } from "./model";

export function requireMfaAllUsers(name: string, breakGlassUserId: string): Json {
  return {
    displayName: name,
    state: "enabled",
    conditions: {
      clientAppTypes: ["all"],
      applications: { includeApplications: ["All"] },
      users: { includeUsers: ["All"], excludeUsers: [breakGlassUserId] },
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
}

export function requireCompliantDeviceAllUsers(name: string, breakGlassUserId: string): Json {
  return {
    displayName: name,
    state: "enabled",
    conditions: {
      clientAppTypes: ["browser", "mobileAppsAndDesktopClients"],
      applications: { includeApplications: ["All"] },
      users: { includeUsers: ["All"], excludeUsers: [breakGlassUserId] },
    },
    grantControls: { operator: "OR", builtInControls: ["compliantDevice"] },
  };
}

export function blockOutsideCountries(name: string, breakGlassUserId: string, allowedLocationId: string): Json {
  return {
    displayName: name,
    state: "disabled",
    conditions: {
      clientAppTypes: ["all"],
      applications: { includeApplications: ["All"] },
      users: { includeUsers: ["All"], excludeUsers: [breakGlassUserId] },
      locations: { includeLocations: ["All"], excludeLocations: [allowedLocationId] },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  };
}

/** A policy aimed at the MSP's technicians on purpose: MFA for the partner's service providers. */
export function mfaForPartnerTechnicians(name: string, partnerTenantId: string): Json {
  return {
    displayName: name,
    state: "enabled",
    conditions: {
      clientAppTypes: ["all"],
      applications: { includeApplications: ["All"] },
      users: {
        includeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: "serviceProvider",
          externalTenants: {
            "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
            membershipKind: "enumerated",
            members: [partnerTenantId],
          },
        },
      },
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  };
}

export function blockLegacyAuthentication(name: string, breakGlassUserId: string): Json {
  return {
    displayName: name,
    state: "enabled",
    conditions: {
      clientAppTypes: ["exchangeActiveSync", "other"],
      applications: { includeApplications: ["All"] },
      users: { includeUsers: ["All"], excludeUsers: [breakGlassUserId] },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  };
}

/**
 * A Microsoft-managed policy as Graph v1.0 lists one (docs/graph-contract.md §5.4): Microsoft's
 * "Block legacy authentication", introduced report-only, scoped to all users; the customer's admin
 * has excluded the break-glass account (one of the changes Microsoft allows).
 * learn.microsoft.com/entra/identity/conditional-access/managed-policies
 */
export function microsoftManagedBlockLegacyAuthentication(breakGlassUserId: string): Json {
  return {
    displayName: "Microsoft-managed: Block legacy authentication",
    state: "enabledForReportingButNotEnforced",
    conditions: {
      clientAppTypes: ["exchangeActiveSync", "other"],
      applications: { includeApplications: ["All"] },
      users: { includeUsers: ["All"], excludeUsers: [breakGlassUserId] },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  };
}
