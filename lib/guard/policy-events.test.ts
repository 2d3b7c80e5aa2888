import { describe, expect, it } from "vitest";
import { ID, PARTNER, samplePolicies } from "@/testing/remediation/policies";
import { contentHash, DELETED } from "./content";
import { EVENT_TYPES } from "./event-types";
import { diffPolicies, type KnownVersion, type ListedPolicy } from "./policy-events";

type Policy = ListedPolicy & { conditions: { users: Record<string, unknown> } };

const OTHER_MSP = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";

/** The portal's knowledge after reading these policies once: one version each. */
function knownFrom(policies: readonly ListedPolicy[]): KnownVersion[] {
  return policies.map((p, i) => ({ id: `known-${i}`, policyId: p.id, displayName: String(p.displayName), contentHash: contentHash(p), policy: p }));
}

function fleet(): Policy[] {
  return samplePolicies() as Policy[];
}

function byId(policies: Policy[], id: string): Policy {
  return policies.find((p) => p.id === id)!;
}

const types = (diff: ReturnType<typeof diffPolicies>) => diff.events.map((e) => e.type);

describe("diffPolicies", () => {
  it("records a baseline on a tenant's first read, without events", () => {
    const diff = diffPolicies([], fleet(), PARTNER);
    expect(diff.versions).toHaveLength(5);
    expect(diff.events).toEqual([]);
  });

  it("records nothing when only volatile fields differ (modifiedDateTime, annotations)", () => {
    const before = fleet();
    const after = fleet().map((p) => ({ ...p, modifiedDateTime: "2026-12-06T10:00:00Z", "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x" }));
    expect(diffPolicies(knownFrom(before), after, PARTNER)).toEqual({ versions: [], events: [] });
  });

  it("sees the customer's admin removing the MSP's exclusion: a change, which property, and the exclusion removed", () => {
    const before = fleet();
    const after = fleet();
    byId(after, ID.excluded).conditions.users.excludeGuestsOrExternalUsers = null;
    const diff = diffPolicies(knownFrom(before), after, PARTNER);
    expect(diff.versions.map((v) => v.policyId)).toEqual([ID.excluded]);
    expect(types(diff)).toEqual([EVENT_TYPES.policyChanged, EVENT_TYPES.exclusionRemoved]);
    const [changed, removed] = diff.events;
    expect(changed!.properties).toEqual(["conditions.users.excludeGuestsOrExternalUsers"]);
    expect(changed!.beforeVersionId).toBe("known-1");
    expect(changed!.afterKey).toBe(diff.versions[0]!.key);
    expect(removed!.summary).toBe(
      '"Block legacy auth (MSP excluded)" no longer excludes the MSP\'s service providers: the exclusion was removed; the policy now applies to them.',
    );
  });

  it("sees the exclusion narrowed to other tenants (still there, no longer covering the MSP)", () => {
    const before = fleet();
    const after = fleet();
    byId(after, ID.excluded).conditions.users.excludeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "serviceProvider",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [OTHER_MSP] },
    };
    expect(types(diffPolicies(knownFrom(before), after, PARTNER))).toEqual([EVENT_TYPES.policyChanged, EVENT_TYPES.exclusionNarrowed]);
  });

  it("does not call a widened exclusion a loss", () => {
    const before = fleet();
    const after = fleet();
    byId(after, ID.excluded).conditions.users.excludeGuestsOrExternalUsers = {
      guestOrExternalUserTypes: "serviceProvider,b2bCollaborationGuest",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
    };
    expect(types(diffPolicies(knownFrom(before), after, PARTNER))).toEqual([EVENT_TYPES.policyChanged]);
  });

  it("sees a policy newly reaching the MSP (a one-user policy widened to all users)", () => {
    const before = fleet();
    const after = fleet();
    byId(after, ID.oneUser).conditions.users.includeUsers = ["All"];
    const diff = diffPolicies(knownFrom(before), after, PARTNER);
    expect(types(diff)).toEqual([EVENT_TYPES.policyChanged, EVENT_TYPES.reachesMsp]);
    expect(diff.events[1]!.summary).toContain("it includes all users");
  });

  it("sees a policy switched on, from off and from report-only", () => {
    const before = fleet();
    byId(before, ID.mfaAll).state = "enabledForReportingButNotEnforced";
    const after = fleet();
    const diff = diffPolicies(knownFrom(before), after, PARTNER);
    // ID.disabled stays disabled; ID.mfaAll goes from report-only to on.
    expect(types(diff)).toEqual([EVENT_TYPES.policyChanged, EVENT_TYPES.policyEnabled]);
    expect(diff.events[1]).toMatchObject({ policyId: ID.mfaAll, detail: { from: "enabledForReportingButNotEnforced", to: "enabled" } });
    expect(diff.events[1]!.summary).toBe('"Require MFA for all users" was switched on (it was report-only).');
  });

  it("sees a policy created (reaching the MSP) and one deleted (a tombstone version)", () => {
    const before = fleet();
    const created: Policy = { ...byId(fleet(), ID.mfaAll), id: "20000000-0000-4000-8000-000000000001", displayName: "Block all users" };
    const after = [...fleet().filter((p) => p.id !== ID.oneUser), created];
    const diff = diffPolicies(knownFrom(before), after, PARTNER);
    expect(types(diff)).toEqual([EVENT_TYPES.policyCreated, EVENT_TYPES.reachesMsp, EVENT_TYPES.policyDeleted]);
    expect(diff.events[0]).toMatchObject({ policyName: "Block all users", beforeVersionId: null, summary: '"Block all users" was created (on).' });
    const tombstone = diff.versions.find((v) => v.policyId === ID.oneUser)!;
    expect(tombstone).toMatchObject({ contentHash: DELETED, policy: null, displayName: "MFA for the CFO" });
    expect(diff.events[2]).toMatchObject({ policyId: ID.oneUser, beforeVersionId: "known-2", afterKey: tombstone.key });
  });

  it("does not delete a policy twice, and sees it come back as created", () => {
    const before = fleet();
    const known: KnownVersion[] = [
      ...knownFrom(before.filter((p) => p.id !== ID.oneUser)),
      { id: "tomb", policyId: ID.oneUser, displayName: "MFA for the CFO", contentHash: DELETED, policy: null },
    ];
    expect(
      diffPolicies(
        known,
        before.filter((p) => p.id !== ID.oneUser),
        PARTNER,
      ).events,
    ).toEqual([]);
    const back = diffPolicies(known, before, PARTNER);
    expect(types(back)).toEqual([EVENT_TYPES.policyCreated]);
    expect(back.events[0]!.beforeVersionId).toBe("tomb");
  });

  it("records changes to a policy lib/ca cannot read, without MSP-specific events", () => {
    const before = fleet();
    const after = fleet();
    byId(before, ID.oneUser).conditions.users.includeUsers = "not a list" as unknown as string[];
    byId(after, ID.oneUser).conditions.users.includeUsers = "still not a list" as unknown as string[];
    expect(types(diffPolicies(knownFrom(before), after, PARTNER))).toEqual([EVENT_TYPES.policyChanged]);
  });
});
