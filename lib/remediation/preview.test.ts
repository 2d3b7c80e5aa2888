import { describe, expect, it } from "vitest";
import { applyGraphPatch, buildServiceAccountPolicy, planServiceProviderExclusion } from "../ca";
import { GraphFailure } from "../graph/tenant-graph-contract";
import type { FixTarget } from "./actions";
import { fingerprintChanges, fingerprintParts, itemFingerprint, parseFingerprint } from "./fingerprint";
import { planItem } from "./plan";
import { itemsFromPreview, previewPolicy, previewTenant } from "./preview";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, SOME_USER, TENANT, samplePolicies } from "../../testing/remediation/policies";
import { ACCOUNT, liveDedicated } from "../../testing/partner/policies";

const SP = { action: "exclude-service-provider", partnerTenantId: PARTNER } as const;
const SA = {
  action: "exclude-service-account",
  accountObjectId: SOME_USER,
  accountUpn: "cfo@customer.example",
  dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: "CIPP Service Account Conditional Access Policy" },
} as const satisfies FixTarget;

const usersOf = (policy: Record<string, unknown>) => (policy.conditions as { users: Record<string, unknown> }).users;

describe("previewTenant", () => {
  it("plans every enabled and report-only policy from one list request and sends nothing", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const preview = await previewTenant({ graph, target: SP });
    expect(graph.calls).toEqual([{ method: "listPolicies" }]);
    expect(preview.tenantId).toBe(TENANT);
    expect(preview.action).toBe("exclude-service-provider");
    expect(preview.access).toEqual({ path: "delegated", fallbackReason: null });
    expect(preview.policies.map((p) => [p.name, p.outcome])).toEqual([
      ["Require MFA for all users", "patch"],
      ["Block legacy auth (MSP excluded)", "already-excluded"],
      ["MFA for the CFO", "not-applicable"],
      ["MFA for our MSP", "needs-review"],
    ]);
    expect(preview.policies.every((p) => p.action === "exclude-service-provider")).toBe(true);
    expect(preview.missing).toEqual([]);
    expect(preview.leftOut).toEqual([]);
  });

  it("includes disabled policies when asked, only enabled ones when asked, and requested policies whatever their state", async () => {
    const policies = samplePolicies();
    policies[1] = { ...policies[1]!, state: "enabledForReportingButNotEnforced" };
    const graph = new FakeTenantGraph(TENANT, policies);
    const all = await previewTenant({ graph, target: SP, scope: { states: "all" } });
    expect(all.policies.map((p) => p.policyId)).toEqual([ID.mfaAll, ID.excluded, ID.oneUser, ID.targetsPartner, ID.disabled]);
    const byDefault = await previewTenant({ graph, target: SP });
    expect(byDefault.policies.map((p) => p.policyId)).toEqual([ID.mfaAll, ID.excluded, ID.oneUser, ID.targetsPartner]);
    const enabled = await previewTenant({ graph, target: SP, scope: { states: "enabled" } });
    expect(enabled.policies.map((p) => p.policyId)).toEqual([ID.mfaAll, ID.oneUser, ID.targetsPartner]);
    const some = await previewTenant({ graph, target: SP, scope: { policyIds: [ID.disabled, ID.mfaAll, "gone"], states: "enabled" } });
    expect(some.policies.map((p) => p.policyId)).toEqual([ID.mfaAll, ID.disabled]);
    expect(some.missing).toEqual(["gone"]);
  });

  it("shows the exact request, the policy it was planned from, what the users condition becomes, and the warnings", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const { policies } = await previewTenant({ graph, target: SP, scope: { policyIds: [ID.mfaAll] } });
    const [p] = policies;
    if (!p) throw new Error("no preview");
    const live = graph.policy(ID.mfaAll);
    const plan = planServiceProviderExclusion(live, PARTNER);
    expect(p).toMatchObject({
      action: "exclude-service-provider",
      policyId: ID.mfaAll,
      name: "Require MFA for all users",
      state: "enabled",
      outcome: "patch",
      reason: plan.reason,
      warnings: plan.warnings,
      requiresConfirmation: false,
    });
    expect(p.request).toEqual({ method: "PATCH", path: `/identity/conditionalAccess/policies/${ID.mfaAll}`, body: plan.body });
    // `before` is the live policy as read; the users condition before and after follow from it and the request.
    expect(p.before).toEqual(live);
    expect(usersOf(p.before!).excludeGuestsOrExternalUsers).toBeNull();
    const after = usersOf(applyGraphPatch(p.before!, p.request!.body));
    expect(after).toEqual({ ...usersOf(live), excludeGuestsOrExternalUsers: plan.body?.conditions.users.excludeGuestsOrExternalUsers });
    expect(planServiceProviderExclusion(applyGraphPatch(p.before!, p.request!.body), PARTNER).outcome).toBe("already-excluded");
    expect(p.fingerprint).toBe(itemFingerprint("exclude-service-provider", live, planItem(SP, live)));
  });

  it("sends no request for already-excluded and not-applicable policies, and marks needs-review for confirmation", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const preview = await previewTenant({ graph, target: SP });
    const byId = new Map(preview.policies.map((p) => [p.policyId, p]));
    expect(byId.get(ID.excluded)).toMatchObject({ outcome: "already-excluded", request: null, requiresConfirmation: false });
    expect(byId.get(ID.excluded)?.before).toEqual(graph.policy(ID.excluded));
    expect(byId.get(ID.oneUser)).toMatchObject({ outcome: "not-applicable", request: null });
    const review = byId.get(ID.targetsPartner);
    expect(review?.requiresConfirmation).toBe(true);
    expect(review?.request?.method).toBe("PATCH");
    expect(review?.warnings.length).toBeGreaterThan(0);

    // What a confirmation turns into: every request, a needs-review one only when ticked.
    const item = (policyId: string, confirmedNeedsReview: boolean) => ({
      policyId,
      expectedFingerprint: byId.get(policyId)!.fingerprint,
      confirmedNeedsReview,
    });
    expect(itemsFromPreview(preview, new Set())).toEqual([item(ID.mfaAll, false)]);
    expect(itemsFromPreview(preview, new Set([ID.targetsPartner, ID.excluded]))).toEqual([item(ID.mfaAll, false), item(ID.targetsPartner, true)]);
    expect(itemsFromPreview(preview, new Set([ID.targetsPartner]), false)).toEqual([item(ID.mfaAll, false)]);
  });

  it("reports an unreadable policy instead of failing the whole preview", () => {
    const broken = { id: "x", displayName: "broken", state: "enabled", conditions: "nope" };
    const p = previewPolicy(SP, broken);
    expect(p.outcome).toBe("unreadable");
    expect(p.reason).toMatch(/could not be read/);
    expect(p.request).toBeNull();
    expect(p.before).toEqual(broken);
    expect(parseFingerprint(p.fingerprint)).not.toBeNull();
  });

  it("passes Graph failures to the caller", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    graph.failNext("listPolicies", new GraphFailure("gdap-inactive", "GDAP relationship expired on 2026-10-01"));
    await expect(previewTenant({ graph, target: SP })).rejects.toThrow(/GDAP relationship expired/);
  });

  it("previews the service-account exclusion with the same shape", async () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const { policies, action, leftOut } = await previewTenant({ graph, target: SA });
    expect(action).toBe("exclude-service-account");
    const all = policies.find((p) => p.policyId === ID.mfaAll);
    expect(all?.outcome).toBe("patch");
    expect(all?.request?.body).toEqual({ conditions: { users: { excludeUsers: [SOME_USER] } } });
    // includeUsers exactly the account: a policy made for it, which must keep applying.
    expect(policies.find((p) => p.policyId === ID.oneUser)?.outcome).toBe("not-applicable");
    expect(leftOut).toEqual([]);
  });

  it("leaves the account's dedicated policy out of its exclusion, and says why", async () => {
    const dedicated = { ...liveDedicated(), state: "enabled" };
    const graph = new FakeTenantGraph(TENANT, [...samplePolicies(), dedicated]);
    const target = { ...SA, accountObjectId: ACCOUNT, dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: dedicated.displayName } };
    const preview = await previewTenant({ graph, target });
    expect(preview.policies.map((p) => p.policyId)).not.toContain(dedicated.id);
    expect(preview.leftOut).toEqual([
      { policyId: dedicated.id, name: dedicated.displayName, reason: "the service account's dedicated policy: the exclusion never touches it" },
    ]);
    // Even when it is asked for by id.
    const asked = await previewTenant({ graph, target, scope: { policyIds: [dedicated.id, ID.mfaAll] } });
    expect(asked.policies.map((p) => p.policyId)).toEqual([ID.mfaAll]);
    expect(asked.leftOut.map((l) => l.policyId)).toEqual([dedicated.id]);
    expect(asked.missing).toEqual([]);
  });

  it("previews a dedicated-policy action as one item: the policy to create (no id yet), or the live one", async () => {
    const ref = { dedicatedPolicyId: null, dedicatedPolicyName: "CIPP Service Account Conditional Access Policy" };
    const create = { action: "create-service-account-policy", accountObjectId: ACCOUNT, accountUpn: "svc@msp.example", dedicatedPolicy: ref } as const;
    const empty = new FakeTenantGraph(PARTNER, samplePolicies());
    const toCreate = await previewTenant({ graph: empty, target: create, scope: { policyIds: [ID.mfaAll] } });
    expect(toCreate.policies).toHaveLength(1);
    expect(toCreate.policies[0]).toMatchObject({
      action: "create-service-account-policy",
      policyId: null,
      name: ref.dedicatedPolicyName,
      state: null,
      outcome: "create",
      before: null,
      request: {
        method: "POST",
        path: "/identity/conditionalAccess/policies",
        body: { ...buildServiceAccountPolicy({ accountId: ACCOUNT, displayName: ref.dedicatedPolicyName, state: "enabledForReportingButNotEnforced" }) },
      },
    });
    expect(toCreate.missing).toEqual([]);

    const withPolicy = new FakeTenantGraph(PARTNER, [...samplePolicies(), liveDedicated()]);
    const enforce = await previewTenant({ graph: withPolicy, target: { ...create, action: "enforce-service-account-policy" } });
    expect(enforce.policies.map((p) => [p.policyId, p.outcome, p.request])).toEqual([
      [liveDedicated().id, "enforce", { method: "PATCH", path: `/identity/conditionalAccess/policies/${liveDedicated().id}`, body: { state: "enabled" } }],
    ]);
    expect(enforce.policies[0]?.before).toEqual(liveDedicated());
  });
});

describe("fingerprints", () => {
  const fp = (policy: Record<string, unknown>, target: FixTarget = SP) => itemFingerprint(target.action, policy, planItem(target, policy as never));
  const parts = (policy: Record<string, unknown>, target: FixTarget = SP) => fingerprintParts(target.action, policy, planItem(target, policy as never));

  it("are stable for the same policy and parse back", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    expect(fp(structuredClone(policy))).toBe(fp(policy));
    expect(parseFingerprint(fp(policy))).toEqual(parts(policy));
    expect(fingerprintChanges("exclude-service-provider", fp(policy), parts(policy))).toEqual([]);
  });

  it("do not change with key order or null versus absent", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    const users = usersOf(policy);
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
    expect(parts(reordered).users).toBe(parts(policy).users);
  });

  it("say what changed: modification time, state, users condition, planned request", () => {
    const graph = new FakeTenantGraph(TENANT, samplePolicies());
    const before = graph.policy(ID.mfaAll);
    graph.edit(ID.mfaAll, { state: "disabled", conditions: { users: { excludeUsers: [SOME_USER] } } });
    const after = graph.policy(ID.mfaAll);
    const changes = fingerprintChanges("exclude-service-provider", fp(before), parts(after)).join("\n");
    expect(changes).toMatch(/modified at 2026-11-01T00:00:01.000Z \(the preview saw a never-modified version\)/);
    expect(changes).toMatch(/state changed from enabled to disabled/);
    expect(changes).toMatch(/users condition changed/);
    expect(changes).not.toMatch(/planned request/);
  });

  it("notice a different planned request even when the policy is the same (e.g. another partner tenant)", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    const other = { action: "exclude-service-provider", partnerTenantId: "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb" } as const;
    expect(fingerprintChanges("exclude-service-provider", fp(policy), parts(policy, other))).toEqual(["the planned request differs from the one previewed"]);
  });

  it("cover the whole dedicated policy, and a create whose policy now exists", () => {
    const target = {
      action: "repair-service-account-policy",
      accountObjectId: ACCOUNT,
      accountUpn: "svc@msp.example",
      dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: liveDedicated().displayName },
    } as const;
    const live = liveDedicated();
    // A setting outside the users condition counts for the dedicated policy (same modification time: only the settings tell).
    const edited = { ...live, grantControls: { ...(live.grantControls as object), builtInControls: ["compliantDevice"] } };
    const changes = fingerprintChanges(target.action, fp(live, target), parts(edited, target));
    expect(changes).toEqual(["the policy's settings changed", "the planned request differs from the one previewed"]);

    const create = { ...target, action: "create-service-account-policy" } as const;
    const none = itemFingerprint(create.action, null, planItem(create, null));
    expect(parseFingerprint(none)).toMatchObject({ modified: "", state: "" });
    const now = fingerprintChanges(create.action, none, fingerprintParts(create.action, live, planItem(create, live)));
    expect(now).toContain("its state changed from (none) to enabledForReportingButNotEnforced");
    expect(now).toContain("the policy's settings changed");
    expect(now).toContain("the planned request differs from the one previewed");
  });

  it("refuse a fingerprint they cannot read", () => {
    const [policy] = samplePolicies();
    if (!policy) throw new Error("no policy");
    expect(fingerprintChanges("exclude-service-provider", "garbage", parts(policy))[0]).toMatch(/not recognised/);
  });
});
