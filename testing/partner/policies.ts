// Partner-tenant policies for lib/partner's unit tests (Graph's shape, every property present).
import { buildServiceAccountPolicy } from "@/lib/ca";
import type { GraphPolicy } from "@/lib/graph/tenant-graph-contract";
import { usersCondition } from "../remediation/policies";

export const ACCOUNT = "5a5a5a5a-1111-4111-8111-5a5a5a5a5a5a";
export const BREAK_GLASS = "b6b6b6b6-2222-4222-8222-b6b6b6b6b6b6";

/** How Graph returns the dedicated policy after creating buildServiceAccountPolicy's body. */
export function liveDedicated(id = "d0000000-0000-4000-8000-000000000001", displayName = "CIPP Service Account Conditional Access Policy"): GraphPolicy {
  const body = buildServiceAccountPolicy({ accountId: ACCOUNT, displayName });
  return {
    id,
    displayName,
    state: body.state,
    createdDateTime: "2026-01-02T00:00:00Z",
    modifiedDateTime: null,
    templateId: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ["all"],
      servicePrincipalRiskLevels: [],
      insiderRiskLevels: null,
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      authenticationFlows: null,
      applications: {
        includeApplications: ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: usersCondition({ includeUsers: [ACCOUNT] }),
    },
    grantControls: {
      operator: "OR",
      builtInControls: ["mfa"],
      customAuthenticationFactors: [],
      termsOfUse: [],
      "authenticationStrength@odata.context": "x",
      authenticationStrength: null,
    },
    sessionControls: {
      disableResilienceDefaults: null,
      applicationEnforcedRestrictions: null,
      cloudAppSecurity: null,
      persistentBrowser: null,
      signInFrequency: { value: null, type: null, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "everyTime", isEnabled: true },
    },
  };
}

export function mfaForAll(id: string, displayName: string, excludeUsers: string[] = [BREAK_GLASS], state = "enabled"): GraphPolicy {
  const base = liveDedicated(id, displayName);
  return {
    ...base,
    state,
    conditions: { ...(base.conditions as object), users: { ...(base.conditions as { users: object }).users, includeUsers: ["All"], excludeUsers } },
    sessionControls: null,
  };
}
