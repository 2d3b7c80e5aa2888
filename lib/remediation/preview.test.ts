import { describe, expect, it } from "vitest";
import { applyGraphPatch, planServiceProviderExclusion } from "../ca";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { fingerprintChanges, fingerprintParts, parseFingerprint, policyFingerprint } from "./fingerprint";
import { previewPolicy, previewTenant } from "./preview";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, SOME_USER, TENANT, samplePolicies } from "../../testing/remediation/policies";

const SP = { action: "exclude-service-provider", partnerTenantId: PARTNER } as const;

describe("previewTenant", () => {
  it("plans every enabled policy from one list request and sends nothing", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const preview = await previewTenant({ graph, partnerTenantId: PARTNER });
    expect(graph.calls).toEqual([{ method: "listPolicies" }]);
    expect(preview.tenantId).toBe(TENANT);
    expect(preview.action).toBe("exclude-service-provider");
    expect(preview.policies.map((p) => [p.name, p.plan?.outcome])).toEqual([
      ["Require MFA for all users", "patch"],
      ["Block legacy auth (MSP excluded)", "already-excluded"],
      ["MFA for the CFO", "not-applicable"],
      ["MFA for our MSP", "needs-review"],
    ]);
  });

  it("includes disabled policies when asked, and requested policies whatever their state", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const all = await previewTenant({ graph, partnerTenantId: PARTNER, includeDisabled: true });
    expect(all.policies.map((p) => p.policyId)).toContain(ID.disabled);
    const some = await previewTenant({ graph, partnerTenantId: PARTNER, policyIds: [ID.disabled, ID.mfaAll, "gone"] });
    expect(some.policies.map((p) => p.policyId)).toEqual([ID.mfaAll, ID.disabled]);
    expect(some.missing).toEqual(["gone"]);
  });

  it("shows the exact request, the users condition before and after, and the warnings", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const { policies } = await previewTenant({ graph, partnerTenantId: PARTNER, policyIds: [ID.mfaAll] });
    const [p] = policies;
    if (!p) throw new Error("no preview");
    const plan = planServiceProviderExclusion(graph.policy(ID.mfaAll), PARTNER);
    expect(p.plan).toEqual(plan);
    expect(p.request).toEqual({ method: "PATCH", path: `/identity/conditionalAccess/policies/${ID.mfaAll}`, body: plan.body });
    expect(p.requiresConfirmation).toBe(false);
    expect(p.policy).toEqual(graph.policy(ID.mfaAll));
    expect(p.users.before).toEqual((graph.policy(ID.mfaAll).conditions as Record<string, unknown>).users);
    expect((p.users.before as Record<string, unknown>).excludeGuestsOrExternalUsers).toBeNull();
    const expectedAfter = (applyGraphPatch(graph.policy(ID.mfaAll), plan.body ?? {}).conditions as Record<string, unknown>).users;
    expect(p.users.after).toEqual(expectedAfter);
    expect(p.users.changes).toEqual([
      { property: "excludeGuestsOrExternalUsers", before: null, after: plan.body?.conditions.users.excludeGuestsOrExternalUsers },
    ]);
    expect(p.users.describedAfter.join("\n")).toMatch(/service provider/i);
    expect(p.users.describedBefore).not.toEqual(p.users.describedAfter);
  });

  it("sends no request for already-excluded and not-applicable policies, and marks needs-review for confirmation", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const { policies } = await previewTenant({ graph, partnerTenantId: PARTNER });
    const byId = new Map(policies.map((p) => [p.policyId, p]));
    expect(byId.get(ID.excluded)?.request).toBeNull();
    expect(byId.get(ID.excluded)?.users.changes).toEqual([]);
    expect(byId.get(ID.oneUser)?.request).toBeNull();
    const review = byId.get(ID.targetsPartner);
    expect(review?.requiresConfirmation).toBe(true);
    expect(review?.request?.method).toBe("PATCH");
    expect(review?.plan?.warnings.length).toBeGreaterThan(0);
  });

  it("reports an unreadable policy instead of failing the whole preview", () => {
    const broken = { id: "x", displayName: "broken", state: "enabled", conditions: "nope" };
    const p = previewPolicy(SP, broken);
    expect(p.plan).toBeNull();
    expect(p.error).toMatch(/could not be read/);
    expect(p.request).toBeNull();
  });

  it("passes Graph failures to the caller", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    graph.failNext("listPolicies", new GraphFailure("gdap-inactive", "GDAP relationship expired on 2026-10-01"));
    await expect(previewTenant({ graph, partnerTenantId: PARTNER })).rejects.toThrow(/GDAP relationship expired/);
  });

  it("previews the service-account exclusion with the same shape", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const { policies, action } = await previewTenant({ graph, action: "exclude-service-account", accountObjectId: SOME_USER });
    expect(action).toBe("exclude-service-account");
    const all = policies.find((p) => p.policyId === ID.mfaAll);
    expect(all?.plan?.outcome).toBe("patch");
    expect(all?.request?.body).toEqual({ conditions: { users: { excludeUsers: [SOME_USER] } } });
    // includeUsers exactly the account: its dedicated policy, which must keep applying.
    expect(policies.find((p) => p.policyId === ID.oneUser)?.plan?.outcome).toBe("not-applicable");
  });
});

describe("fingerprints", () => {
  const sp = (policy: Record<string, unknown>) => planServiceProviderExclusion(policy, PARTNER);

  it("are stable for the same policy and parse back", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    const fp = policyFingerprint(policy, sp(policy));
    expect(policyFingerprint(structuredClone(policy), sp(policy))).toBe(fp);
    expect(parseFingerprint(fp)).toEqual(fingerprintParts(policy, sp(policy)));
    expect(fingerprintChanges(fp, fingerprintParts(policy, sp(policy)))).toEqual([]);
  });

  it("do not change with key order or null versus absent", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    const users = (policy.conditions as { users: Record<string, unknown> }).users;
    const reordered = {
      ...policy,
      conditions: {
        users: Object.fromEntries(
          Object.entries(users)
            .reverse()
            .filter(([, v]) => v !== null),
        ),
      },
    };
    expect(fingerprintParts(reordered, sp(reordered)).users).toBe(fingerprintParts(policy, sp(policy)).users);
  });

  it("say what changed: modification time, state, users condition, planned request", () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const before = graph.policy(ID.mfaAll);
    const fp = policyFingerprint(before, sp(before));
    graph.edit(ID.mfaAll, { state: "disabled", conditions: { users: { excludeUsers: [SOME_USER] } } });
    const after = graph.policy(ID.mfaAll);
    const changes = fingerprintChanges(fp, fingerprintParts(after, sp(after)));
    expect(changes.join("\n")).toMatch(/modified at 2026-11-01T00:00:01.000Z \(the preview saw a never-modified version\)/);
    expect(changes.join("\n")).toMatch(/state changed from enabled to disabled/);
    expect(changes.join("\n")).toMatch(/users condition changed/);
    expect(changes.join("\n")).not.toMatch(/planned request/);
  });

  it("notice a different planned request even when the policy is the same (e.g. another partner tenant)", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    const fp = policyFingerprint(policy, sp(policy));
    const other = planServiceProviderExclusion(policy, "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb");
    expect(fingerprintChanges(fp, fingerprintParts(policy, other))).toEqual(["the planned request differs from the one previewed"]);
  });

  it("refuse a fingerprint they cannot read", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    expect(fingerprintChanges("garbage", fingerprintParts(policy, sp(policy)))[0]).toMatch(/not recognised/);
  });
});
