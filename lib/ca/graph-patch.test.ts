import { describe, expect, it } from "vitest";
import { applyGraphPatch } from "./graph-patch";

describe("applyGraphPatch (Graph PATCH semantics)", () => {
  const existing = {
    displayName: "p",
    conditions: {
      users: {
        includeUsers: ["All"],
        excludeUsers: ["a", "b"],
        excludeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: "b2bCollaborationGuest",
          externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: ["t1"] },
        },
      },
      applications: { includeApplications: ["All"] },
    },
    sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: "hours" } },
  };

  it("merges objects recursively and leaves untouched properties alone", () => {
    const result = applyGraphPatch(existing, { conditions: { users: { excludeUsers: ["a", "b", "c"] } } });
    expect(result).toEqual({ ...existing, conditions: { ...existing.conditions, users: { ...existing.conditions.users, excludeUsers: ["a", "b", "c"] } } });
  });

  it("replaces arrays and flags strings wholesale (a partial array loses the rest)", () => {
    const result = applyGraphPatch(existing, {
      conditions: { users: { excludeUsers: ["c"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider" } } },
    });
    const users = (result.conditions as typeof existing.conditions).users;
    expect(users.excludeUsers).toEqual(["c"]);
    expect(users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes).toBe("serviceProvider");
    expect(users.excludeGuestsOrExternalUsers.externalTenants.members).toEqual(["t1"]);
  });

  it("clears a property sent as null", () => {
    expect(applyGraphPatch(existing, { sessionControls: null }).sessionControls).toBeNull();
  });

  it("replaces a polymorphic object whose @odata.type changes, so no stale members survive", () => {
    const result = applyGraphPatch(existing, {
      conditions: {
        users: {
          excludeGuestsOrExternalUsers: { externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" } },
        },
      },
    });
    expect((result.conditions as typeof existing.conditions).users.excludeGuestsOrExternalUsers.externalTenants).toEqual({
      "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
      membershipKind: "all",
    });
  });

  it("modifies neither argument", () => {
    const before = structuredClone(existing);
    const body = { conditions: { users: { excludeUsers: ["z"] } } };
    const result = applyGraphPatch(existing, body);
    (result.conditions as typeof existing.conditions).users.excludeUsers.push("mutated");
    expect(existing).toEqual(before);
    expect(body).toEqual({ conditions: { users: { excludeUsers: ["z"] } } });
  });
});
