import { describe, expect, it } from "vitest";
import { validateGraphValue } from "./schema";

const policy = {
  displayName: "p",
  state: "enabled",
  conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
};

const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe("validateGraphValue", () => {
  it("accepts a minimal create body and a PATCH fragment", () => {
    expect(validateGraphValue("conditionalAccessPolicy", policy, { mode: "create" })).toEqual([]);
    expect(validateGraphValue("#microsoft.graph.conditionalAccessPolicy", { conditions: { users: { excludeUsers: [] } } }, { mode: "update" })).toEqual([]);
  });

  it("refuses read-only properties and annotations in writes but not in responses", () => {
    const withServerFields = { ...policy, id: "x", createdDateTime: "2024-01-01T00:00:00Z", "@odata.context": "c" };
    expect(paths(validateGraphValue("conditionalAccessPolicy", withServerFields, { mode: "create" })).sort()).toEqual([
      "@odata.context",
      "createdDateTime",
      "id",
    ]);
    expect(validateGraphValue("conditionalAccessPolicy", withServerFields, { mode: "response" })).toEqual([]);
    expect(
      paths(validateGraphValue("conditionalAccessPolicy", { grantControls: { "authenticationStrength@odata.context": "x" } }, { mode: "update" })),
    ).toEqual(["grantControls.authenticationStrength@odata.context"]);
  });

  it("accepts a property @odata.type annotation only when it names the property's type", () => {
    const ok = { conditions: { users: { "includeUsers@odata.type": "#Collection(String)", includeUsers: ["All"] } } };
    expect(validateGraphValue("conditionalAccessPolicy", ok, { mode: "update" })).toEqual([]);
    const wrong = { conditions: { users: { "includeUsers@odata.type": "#String", includeUsers: ["All"] } } };
    expect(validateGraphValue("conditionalAccessPolicy", wrong, { mode: "update" })).toHaveLength(1);
  });

  it("checks enums, flags member by member, and types", () => {
    const bad = {
      state: "on",
      conditions: {
        clientAppTypes: ["All"],
        users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider,nobody,serviceProvider" } },
        insiderRiskLevels: ["minor"],
      },
      sessionControls: { signInFrequency: { value: 1.5 } },
    };
    expect(paths(validateGraphValue("conditionalAccessPolicy", bad, { mode: "update" })).sort()).toEqual([
      "conditions.clientAppTypes[0]",
      "conditions.insiderRiskLevels",
      "conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes",
      "conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes",
      "sessionControls.signInFrequency.value",
      "state",
    ]);
  });

  it("handles the abstract external-tenants type: @odata.type required in a request body, inferred only in a response", () => {
    const guests = (externalTenants: unknown) => ({
      conditions: { users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants } } },
    });
    expect(
      validateGraphValue(
        "conditionalAccessPolicy",
        guests({ "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: ["a"] }),
        { mode: "update" },
      ),
    ).toEqual([]);
    // Graph refuses the abstract type without @odata.type (terraform-provider-azuread#1555, PR #1601).
    expect(paths(validateGraphValue("conditionalAccessPolicy", guests({ membershipKind: "all" }), { mode: "update" }))).toEqual([
      "conditions.users.excludeGuestsOrExternalUsers.externalTenants",
    ]);
    expect(paths(validateGraphValue("conditionalAccessPolicy", guests({ membershipKind: "all" }), { mode: "response" }))).not.toContain(
      "conditions.users.excludeGuestsOrExternalUsers.externalTenants",
    );
    expect(
      validateGraphValue("conditionalAccessPolicy", guests({ "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", members: ["a"] }), {
        mode: "update",
      }),
    ).toHaveLength(1);
    expect(validateGraphValue("conditionalAccessPolicy", guests({ members: ["a"] }), { mode: "update" })).toHaveLength(1);
    expect(validateGraphValue("conditionalAccessPolicy", guests({ "@odata.type": "#microsoft.graph.user" }), { mode: "update" })).toHaveLength(1);
  });

  it("requires displayName, state and conditions on create, and refuses null where not nullable", () => {
    expect(paths(validateGraphValue("conditionalAccessPolicy", { grantControls: null }, { mode: "create" })).sort()).toEqual([
      "conditions",
      "displayName",
      "state",
    ]);
    expect(paths(validateGraphValue("conditionalAccessPolicy", { conditions: null, displayName: null }, { mode: "update" })).sort()).toEqual([
      "conditions",
      "displayName",
    ]);
    expect(validateGraphValue("conditionalAccessPolicy", null, { mode: "create" })).toHaveLength(1);
  });

  it("takes only a reference for authenticationStrength in writes", () => {
    expect(
      validateGraphValue(
        "conditionalAccessPolicy",
        { grantControls: { authenticationStrength: { id: "00000000-0000-0000-0000-000000000002" } } },
        { mode: "update" },
      ),
    ).toEqual([]);
    expect(
      validateGraphValue("conditionalAccessPolicy", { grantControls: { authenticationStrength: { id: "x", displayName: "MFA" } } }, { mode: "update" }),
    ).toHaveLength(1);
  });

  it("validates other types of the subset and refuses unknown types", () => {
    expect(validateGraphValue("identitySecurityDefaultsEnforcementPolicy", { isEnabled: false }, { mode: "update" })).toEqual([]);
    expect(validateGraphValue("identitySecurityDefaultsEnforcementPolicy", { isEnabled: "no" }, { mode: "update" })).toHaveLength(1);
    expect(validateGraphValue("delegatedAdminRelationship", { duration: "P2Y" }, { mode: "update" })).toEqual([]);
    expect(validateGraphValue("delegatedAdminRelationship", { duration: "two years" }, { mode: "update" })).toHaveLength(1);
    expect(validateGraphValue("notAType", {}, { mode: "create" })).toHaveLength(1);
  });
});
