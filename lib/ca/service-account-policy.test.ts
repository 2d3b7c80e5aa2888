import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./errors";
import { applyGraphPatch } from "./graph-patch";
import { buildServiceAccountPolicy, serviceAccountPolicyDrift } from "./service-account-policy";

const ACCOUNT = "0d9c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("buildServiceAccountPolicy", () => {
  it("builds the report-only policy with MFA every time for the account only", () => {
    expect(buildServiceAccountPolicy({ accountId: ACCOUNT })).toEqual({
      displayName: "CIPP Service Account Conditional Access Policy",
      state: "enabledForReportingButNotEnforced",
      conditions: {
        users: { includeUsers: [ACCOUNT] },
        applications: { includeApplications: ["All"] },
        clientAppTypes: ["all"],
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
      sessionControls: {
        signInFrequency: { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" },
      },
    });
  });

  it("takes a name and a state, and lower-cases the account id", () => {
    const body = buildServiceAccountPolicy({ accountId: ACCOUNT.toUpperCase(), displayName: "MSP - MFA every time", state: "enabled" });
    expect(body).toMatchObject({ displayName: "MSP - MFA every time", state: "enabled", conditions: { users: { includeUsers: [ACCOUNT] } } });
  });

  it("sends no type or value with everyTime, and no exclusions or locations", () => {
    const body = buildServiceAccountPolicy({ accountId: ACCOUNT });
    expect(Object.keys(body.sessionControls.signInFrequency).sort()).toEqual(["authenticationType", "frequencyInterval", "isEnabled"]);
    expect(Object.keys(body.conditions).sort()).toEqual(["applications", "clientAppTypes", "users"]);
    expect(Object.keys(body.conditions.users)).toEqual(["includeUsers"]);
  });

  it.each([
    [{ accountId: "not-a-guid" }, "accountId"],
    [{ accountId: ACCOUNT, displayName: "  " }, "displayName"],
    [{ accountId: ACCOUNT, state: "on" as never }, "state"],
  ])("rejects %j", (options, argument) => {
    expect(() => buildServiceAccountPolicy(options)).toThrow(InvalidArgumentError);
    try {
      buildServiceAccountPolicy(options);
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});

describe("serviceAccountPolicyDrift", () => {
  // What Graph returns after creating the body: defaults filled in, everyTime with null type/value.
  const live = {
    id: "6f0c7a52-0000-4000-8000-000000000000",
    ...buildServiceAccountPolicy({ accountId: ACCOUNT }),
    conditions: {
      users: {
        includeUsers: [ACCOUNT],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
      applications: {
        includeApplications: ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      clientAppTypes: ["all"],
      userRiskLevels: [],
      signInRiskLevels: [],
      platforms: null,
      locations: null,
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
    sessionControls: {
      signInFrequency: { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication", type: null, value: null },
      persistentBrowser: null,
    },
  };

  it("finds no drift in the policy as Graph returns it", () => {
    expect(
      serviceAccountPolicyDrift(live, {
        accountId: ACCOUNT,
        displayName: "CIPP Service Account Conditional Access Policy",
        state: "enabledForReportingButNotEnforced",
      }),
    ).toEqual([]);
  });

  it("lists each difference in words", () => {
    const drifted = applyGraphPatch(live, {
      state: "disabled",
      conditions: {
        users: { excludeUsers: ["1a2b3c4d-0000-4000-8000-000000000001"] },
        applications: { includeApplications: ["Office365"] },
        locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
      },
      grantControls: { builtInControls: ["mfa", "compliantDevice"] },
      sessionControls: { signInFrequency: { frequencyInterval: "timeBased", type: "hours", value: 4 } },
    });
    expect(serviceAccountPolicyDrift(drifted, { accountId: ACCOUNT, state: "enabledForReportingButNotEnforced" })).toEqual([
      'The state is "disabled" instead of "enabledForReportingButNotEnforced".',
      "It has exclusions (1a2b3c4d-0000-4000-8000-000000000001); it should have none.",
      "It should target all cloud apps; includeApplications is [Office365].",
      "It has extra conditions that narrow it: locations.",
      "It should require multifactor authentication only; builtInControls is [mfa, compliantDevice].",
      "Sign-in frequency should be every time (primary and secondary authentication).",
    ]);
  });

  it("notices when the policy no longer targets the account", () => {
    const drifted = applyGraphPatch(live, { conditions: { users: { includeUsers: ["All"] } } });
    expect(serviceAccountPolicyDrift(drifted, { accountId: ACCOUNT })).toEqual([
      `It should include only the service account ${ACCOUNT}; includeUsers is [All].`,
    ]);
  });
});
