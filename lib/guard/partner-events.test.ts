import { describe, expect, it } from "vitest";
import { buildServiceAccountPolicy } from "../ca";
import { contentHash } from "./content";
import { EVENT_TYPES } from "./event-types";
import { partnerPolicyEvents, type PartnerFacts } from "./partner-events";
import { diffPolicies, type KnownVersion, type ListedPolicy } from "./policy-events";

const ACCOUNT = "5a5a5a5a-1111-4111-8111-5a5a5a5a5a5a";
const DEDICATED = "dedicated-1";
const facts: PartnerFacts = {
  accountId: ACCOUNT,
  accountUpn: "automation@msp.example",
  dedicatedPolicyId: DEDICATED,
  dedicatedPolicyName: "CIPP Service Account Conditional Access Policy",
};

/** As the portal leaves it once a person has switched it on (it is created report-only). */
const dedicated = (): ListedPolicy => ({ id: DEDICATED, ...buildServiceAccountPolicy({ accountId: ACCOUNT }), state: "enabled" }) as unknown as ListedPolicy;

const allUsersMfa = (id: string, excludeUsers: string[]): ListedPolicy => ({
  id,
  displayName: `MFA for everyone ${id}`,
  state: "enabled",
  conditions: { users: { includeUsers: ["All"], excludeUsers }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
});

const knownFrom = (policies: readonly ListedPolicy[]): KnownVersion[] =>
  policies.map((p, i) => ({ id: `known-${i}`, policyId: p.id, displayName: String(p.displayName), contentHash: contentHash(p), policy: p }));

function eventsOf(before: ListedPolicy[], after: ListedPolicy[], f: PartnerFacts = facts) {
  const known = knownFrom(before);
  const diff = diffPolicies(known, after, null);
  return partnerPolicyEvents(known, after, diff, f);
}

describe("the guard in the MSP's own tenant", () => {
  it("says nothing on the first read (the baseline) or when nothing about the account changed", () => {
    const policies = [dedicated(), allUsersMfa("p1", [ACCOUNT])];
    expect(partnerPolicyEvents([], policies, diffPolicies([], policies, null), facts)).toEqual([]);
    const renamed = { ...allUsersMfa("p1", [ACCOUNT]), displayName: "Renamed" };
    expect(eventsOf(policies, [dedicated(), renamed])).toEqual([]);
  });

  it("sees the dedicated policy switched off, with what it must be", () => {
    const off = { ...dedicated(), state: "disabled" };
    const events = eventsOf([dedicated()], [off]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: EVENT_TYPES.partnerDedicatedChanged, policyId: DEDICATED, properties: ["state"], beforeVersionId: "known-0" });
    expect(events[0]!.summary).toBe(
      'The service account\'s dedicated policy "CIPP Service Account Conditional Access Policy" changed (state); it was switched off.',
    );
  });

  it("sees the dedicated policy's sign-in frequency loosened, and its deletion", () => {
    const loosened = structuredClone(dedicated()) as ListedPolicy & { sessionControls: { signInFrequency: Record<string, unknown> } };
    loosened.sessionControls.signInFrequency = { isEnabled: true, type: "hours", value: 12, frequencyInterval: "timeBased" };
    const [changed] = eventsOf([dedicated()], [loosened]);
    expect(changed!.type).toBe(EVENT_TYPES.partnerDedicatedChanged);
    expect(changed!.summary).toMatch(/no longer is what it must be: .*sign-in frequency/i);

    const [deleted] = eventsOf([dedicated(), allUsersMfa("p1", [ACCOUNT])], [allUsersMfa("p1", [ACCOUNT])]);
    expect(deleted).toMatchObject({ type: EVENT_TYPES.partnerDedicatedChanged, policyId: DEDICATED });
    expect(deleted!.summary).toBe(
      'The service account\'s dedicated policy "CIPP Service Account Conditional Access Policy" was deleted: the account signs in without it.',
    );
  });

  it("sees the account's exclusion removed from a policy that may apply to it", () => {
    const events = eventsOf([dedicated(), allUsersMfa("p1", [ACCOUNT])], [dedicated(), allUsersMfa("p1", [])]);
    expect(events.map((e) => [e.type, e.policyId, e.summary])).toEqual([
      [
        EVENT_TYPES.partnerAccountExposed,
        "p1",
        '"MFA for everyone p1" no longer excludes the service account automation@msp.example and may apply to it; exclude the account again on the Partner tenant page.',
      ],
    ]);
  });

  it("sees a new policy that may apply to the account, but not one that excludes it or cannot reach it", () => {
    const groupOnly: ListedPolicy = {
      ...allUsersMfa("p3", []),
      conditions: { users: { includeUsers: [], includeGroups: [] }, applications: { includeApplications: ["All"] } },
    };
    const events = eventsOf([dedicated()], [dedicated(), allUsersMfa("p1", []), allUsersMfa("p2", [ACCOUNT]), groupOnly]);
    expect(events.map((e) => [e.type, e.policyId])).toEqual([[EVENT_TYPES.partnerPolicyCoversAccount, "p1"]]);
    expect(events[0]!.summary).toBe(
      'The new policy "MFA for everyone p1" may apply to the service account automation@msp.example; exclude the account from it on the Partner tenant page.',
    );
  });

  it("without a chosen account watches only the dedicated policy", () => {
    const none = { ...facts, accountId: null, accountUpn: null };
    expect(eventsOf([dedicated()], [dedicated(), allUsersMfa("p1", [])], none)).toEqual([]);
    expect(eventsOf([dedicated()], [{ ...dedicated(), state: "enabledForReportingButNotEnforced" }], none).map((e) => e.type)).toEqual([
      EVENT_TYPES.partnerDedicatedChanged,
    ]);
  });
});
