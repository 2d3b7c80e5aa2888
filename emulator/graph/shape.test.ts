import { describe, expect, it } from "vitest";
import type { JsonObject } from "../testing/clients";
import { mergePatch, normalizeValue, pruneToSchema } from "./shape";

describe("normalizeValue", () => {
  it("emits unset complex properties as null and collections as []", () => {
    const n = normalizeValue("conditionalAccessConditionSet", { applications: { includeApplications: ["All"] } });
    expect(n.users).toBeNull();
    expect(n.userRiskLevels).toEqual([]);
    expect(n.applications).toMatchObject({ includeApplications: ["All"], excludeApplications: [], applicationFilter: null });
  });

  it("keeps @odata.type on derived values and strips spaces from flags", () => {
    const n = normalizeValue("conditionalAccessGuestsOrExternalUsers", {
      guestOrExternalUserTypes: "internalGuest, serviceProvider",
      externalTenants: { membershipKind: "all" },
    });
    expect(n).toEqual({
      guestOrExternalUserTypes: "internalGuest,serviceProvider",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
    });
  });
});

describe("mergePatch (Graph PATCH)", () => {
  const stored = {
    displayName: "p",
    conditions: {
      users: {
        includeUsers: ["All"],
        excludeUsers: ["a", "b"],
        excludeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: "serviceProvider",
          externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: ["t1"] },
        },
      },
      applications: { includeApplications: ["All"] },
    },
    sessionControls: { persistentBrowser: { isEnabled: true, mode: "never" } },
  };

  it("merges objects and replaces arrays and flags", () => {
    const out = mergePatch("conditionalAccessPolicy", stored, {
      conditions: { users: { excludeUsers: ["c"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest" } } },
    }) as JsonObject;
    expect(out.conditions.users.includeUsers).toEqual(["All"]);
    expect(out.conditions.users.excludeUsers).toEqual(["c"]);
    expect(out.conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes).toBe("b2bCollaborationGuest");
    expect(out.conditions.users.excludeGuestsOrExternalUsers.externalTenants.members).toEqual(["t1"]);
    expect(out.conditions.applications).toBe(stored.conditions.applications);
  });

  it("replaces a polymorphic value whole and clears with null", () => {
    const out = mergePatch("conditionalAccessPolicy", stored, {
      conditions: {
        users: {
          excludeGuestsOrExternalUsers: { externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" } },
        },
      },
      sessionControls: null,
    }) as JsonObject;
    expect(out.conditions.users.excludeGuestsOrExternalUsers.externalTenants).toEqual({
      "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
      membershipKind: "all",
    });
    expect(out.sessionControls).toBeNull();
    expect(stored.sessionControls).not.toBeNull();
  });
});

describe("pruneToSchema", () => {
  it("drops beta-only and read-only properties and reduces authenticationStrength to a reference", () => {
    const out = pruneToSchema("conditionalAccessPolicy", {
      id: "x",
      displayName: "p",
      conditions: { deviceStates: null, times: null, users: { includeUsers: ["All"] } },
      grantControls: { authenticationStrength: { id: "s", displayName: "MFA", allowedCombinations: [] } },
      partialEnablementStrategy: null,
    });
    expect(out).toEqual({ displayName: "p", conditions: { users: { includeUsers: ["All"] } }, grantControls: { authenticationStrength: { id: "s" } } });
  });
});
