import { describe, expect, it } from "vitest";
import { PolicyReadError } from "./errors";
import { formatFlags, parseFlags } from "./flags";
import { isCaPolicy, readPolicy, toPolicy } from "./read-policy";

const minimal = {
  displayName: "p",
  state: "enabled",
  conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
};

function withConditions(conditions: Record<string, unknown>): Record<string, unknown> {
  return { ...minimal, conditions: { ...minimal.conditions, ...conditions } };
}

function readError(input: unknown): PolicyReadError {
  try {
    readPolicy(input);
  } catch (error) {
    if (error instanceof PolicyReadError) return error;
    throw error;
  }
  throw new Error("expected readPolicy to throw");
}

describe("flags strings", () => {
  it.each([
    ["b2bCollaborationGuest,serviceProvider", ["b2bCollaborationGuest", "serviceProvider"]],
    ["b2bCollaborationGuest, serviceProvider", ["b2bCollaborationGuest", "serviceProvider"]],
    [" serviceProvider ,serviceProvider,, ServiceProvider ", ["serviceProvider"]],
    ["SERVICEPROVIDER,internalguest", ["serviceProvider", "internalGuest"]],
    ["", []],
    ["madeUpType, serviceProvider", ["madeUpType", "serviceProvider"]],
  ])("parses %j", (input, expected) => {
    expect(parseFlags(input, ["internalGuest", "b2bCollaborationGuest", "serviceProvider"])).toEqual(expected);
  });

  it("formats without spaces, as Graph writes them", () => {
    expect(formatFlags(["internalGuest", "serviceProvider"])).toBe("internalGuest,serviceProvider");
  });
});

describe("readPolicy: null, absent and empty mean the same", () => {
  it.each([
    ["absent", {}],
    ["null", { includeGroups: null, excludeGroups: null, excludeGuestsOrExternalUsers: null }],
    ["empty", { includeGroups: [], excludeGroups: [] }],
  ])("%s collections and objects", (_label, extra) => {
    const policy = readPolicy(withConditions({ users: { includeUsers: ["All"], ...extra } }));
    expect(policy.conditions.users).toMatchObject({ includeGroups: [], excludeGroups: [], excludeGuestsOrExternalUsers: null });
  });

  it("reads an empty array where an object belongs as no condition (seen in real exports)", () => {
    expect(readPolicy(withConditions({ locations: [] })).conditions.locations).toBeNull();
  });

  it("reads absent risk levels, client app types and insider risk as empty lists", () => {
    const c = readPolicy(minimal).conditions;
    expect([c.userRiskLevels, c.signInRiskLevels, c.servicePrincipalRiskLevels, c.insiderRiskLevels, c.clientAppTypes]).toEqual([[], [], [], [], []]);
  });

  it("leaves users null when the policy has no users condition", () => {
    const policy = readPolicy({ displayName: "wid", conditions: { clientApplications: { includeServicePrincipals: ["x"] } } });
    expect(policy.conditions.users).toBeNull();
    expect(policy.conditions.clientApplications?.includeServicePrincipals).toEqual(["x"]);
  });
});

describe("readPolicy: tolerant of what real exports contain", () => {
  it("normalizes flags with spaces and duplicates in guestOrExternalUserTypes", () => {
    const policy = readPolicy(
      withConditions({
        users: {
          includeUsers: ["All"],
          excludeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "b2bCollaborationGuest, serviceProvider,serviceProvider",
            externalTenants: { membershipKind: "all" },
          },
        },
      }),
    );
    expect(policy.conditions.users?.excludeGuestsOrExternalUsers).toEqual({
      types: ["b2bCollaborationGuest", "serviceProvider"],
      tenants: { kind: "all" },
    });
  });

  it.each([
    ["membershipKind all without @odata.type", { membershipKind: "all" }, { kind: "all" }],
    ["@odata.type all without membershipKind", { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants" }, { kind: "all" }],
    ["enumerated", { membershipKind: "enumerated", members: ["a"] }, { kind: "enumerated", members: ["a"] }],
    ["members without membershipKind", { members: ["a"] }, { kind: "enumerated", members: ["a"] }],
    ["enumerated with members null", { membershipKind: "Enumerated", members: null }, { kind: "enumerated", members: [] }],
    ["unknownFutureValue", { membershipKind: "unknownFutureValue" }, { kind: "unrecognized", membershipKind: "unknownFutureValue" }],
    ["missing", undefined, { kind: "unspecified" }],
  ])("reads externalTenants: %s", (_label, externalTenants, expected) => {
    const policy = readPolicy(
      withConditions({ users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants } } }),
    );
    expect(policy.conditions.users?.excludeGuestsOrExternalUsers?.tenants).toEqual(expected);
  });

  it("keeps the legacy GuestsOrExternalUsers keyword and placeholders as they are", () => {
    const policy = readPolicy(
      withConditions({ users: { includeUsers: ["GuestsOrExternalUsers"], excludeGroups: ["<ExclusionPermGroup>", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"] } }),
    );
    expect(policy.conditions.users?.includeUsers).toEqual(["GuestsOrExternalUsers"]);
    expect(policy.conditions.users?.excludeGroups).toEqual(["<ExclusionPermGroup>", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"]);
  });

  it("keeps values outside the v1.0 enums and fixes only their casing when known", () => {
    const policy = readPolicy({
      ...withConditions({ clientAppTypes: ["All", "browser"] }),
      state: "enabled OR disabled",
      grantControls: { operator: "and", builtInControls: ["compliantNetwork"] },
    });
    expect(policy.conditions.clientAppTypes).toEqual(["all", "browser"]);
    expect(policy.state).toBe("enabled OR disabled");
    expect(policy.grantControls).toMatchObject({ operator: "AND", builtInControls: ["compliantNetwork"] });
  });

  it("accepts a flags value sent as an array", () => {
    expect(
      readPolicy(withConditions({ authenticationFlows: { transferMethods: ["deviceCodeFlow", "authenticationTransfer"] } })).conditions.authenticationFlows,
    ).toEqual({
      transferMethods: ["deviceCodeFlow", "authenticationTransfer"],
    });
  });

  it("keeps beta-only and unknown properties with their paths, and the raw JSON untouched", () => {
    const input = {
      ...withConditions({ deviceStates: null, agentIdRiskLevels: "high" }),
      sessionControls: { continuousAccessEvaluation: { mode: "strictLocation" } },
      partialEnablementStrategy: null,
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#...",
      "#microsoft.graph.restore": { title: "restore", target: "..." },
    };
    const snapshot = structuredClone(input);
    const policy = readPolicy(input);
    expect(policy.extras).toEqual([
      { path: "conditions.deviceStates", value: null },
      { path: "conditions.agentIdRiskLevels", value: "high" },
      { path: "sessionControls.continuousAccessEvaluation", value: { mode: "strictLocation" } },
      { path: "partialEnablementStrategy", value: null },
    ]);
    expect(policy.raw).toBe(input);
    expect(input).toEqual(snapshot);
  });

  it("reads the expanded authentication strength Graph returns", () => {
    const policy = readPolicy({
      ...minimal,
      grantControls: {
        operator: "OR",
        builtInControls: [],
        "authenticationStrength@odata.context": "https://...",
        authenticationStrength: { id: "00000000-0000-0000-0000-000000000004", displayName: "Phishing-resistant MFA", allowedCombinations: ["fido2"] },
      },
    });
    expect(policy.grantControls?.authenticationStrength).toEqual({ id: "00000000-0000-0000-0000-000000000004", displayName: "Phishing-resistant MFA" });
    expect(policy.extras).toEqual([]);
  });

  it("lets callers pass an already read policy without reading it again", () => {
    const policy = readPolicy(minimal);
    expect(isCaPolicy(policy)).toBe(true);
    expect(toPolicy(policy)).toBe(policy);
    expect(isCaPolicy(minimal)).toBe(false);
  });
});

describe("readPolicy: clearly invalid input gives a precise error", () => {
  it.each([
    ["null", null, "", "got null"],
    ["an array", [minimal], "", "got an array"],
    ["a string", "policy", "", 'the string "policy"'],
    ["a list response", { value: [minimal] }, "", "list of policies"],
    ["an object without conditions", { displayName: "x" }, "conditions", "missing"],
    ["conditions as a string", { conditions: "all" }, "conditions", "expected an object"],
    ["includeUsers as a number", withConditions({ users: { includeUsers: 5 } }), "conditions.users.includeUsers", "expected an array of strings, got number 5"],
    ["includeUsers with a number inside", withConditions({ users: { includeUsers: ["All", 7] } }), "conditions.users.includeUsers[1]", "expected a string"],
    ["users as an array of ids", withConditions({ users: ["All"] }), "conditions.users", "expected an object"],
    [
      "guest types as a number",
      withConditions({ users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: 64 } } }),
      "conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes",
      "comma-separated string",
    ],
    [
      "members as a string",
      withConditions({
        users: {
          excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: { membershipKind: "enumerated", members: "abc" } },
        },
      }),
      "conditions.users.excludeGuestsOrExternalUsers.externalTenants.members",
      "array of strings",
    ],
    ["state as a number", { ...minimal, state: 1 }, "state", "expected a string"],
    [
      "isEnabled as a string",
      { ...minimal, sessionControls: { signInFrequency: { isEnabled: "true" } } },
      "sessionControls.signInFrequency.isEnabled",
      "true or false",
    ],
    [
      "sign-in frequency value as text",
      { ...minimal, sessionControls: { signInFrequency: { value: "4" } } },
      "sessionControls.signInFrequency.value",
      "an integer",
    ],
    ["grantControls as an array of controls", { ...minimal, grantControls: ["mfa"] }, "grantControls", "expected an object"],
  ])("%s", (_label, input, path, message) => {
    const error = readError(input);
    expect(error.path).toBe(path);
    expect(error.message).toContain(message);
  });
});
