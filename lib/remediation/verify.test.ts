import { describe, expect, it } from "vitest";
import { planServiceProviderExclusion } from "../ca";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { errorText, writeOutcomeIsUncertain } from "./history";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ACCOUNT, liveDedicated } from "../../testing/partner/policies";
import { ID, PARTNER, SOME_USER, TENANT, samplePolicies } from "../../testing/remediation/policies";
import { showsChange, showsRequestedChange } from "./verify";

const SP = { action: "exclude-service-provider", partnerTenantId: PARTNER } as const;
const dedicated = (action: "create-service-account-policy" | "repair-service-account-policy" | "enforce-service-account-policy") =>
  ({
    action,
    accountObjectId: ACCOUNT,
    accountUpn: "svc@msp.example",
    dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: liveDedicated().displayName },
  }) as const;

describe("showsRequestedChange", () => {
  const graph = () => new FakeTenantGraph(TENANT, samplePolicies());
  const body = (policy: Record<string, unknown>) => planServiceProviderExclusion(policy, PARTNER).body;

  it("is false before the request is applied and true after", () => {
    const g = graph();
    const before = g.policy(ID.mfaAll);
    const request = body(before);
    expect(showsRequestedChange(before, request)).toBe(false);
    g.edit(ID.mfaAll, request ?? {});
    expect(showsRequestedChange(g.policy(ID.mfaAll), request)).toBe(true);
  });

  it("reads values the way lib/ca does, so Graph's spelling of flags does not matter", () => {
    const g = graph();
    const request = body(g.policy(ID.mfaAll));
    g.edit(ID.mfaAll, request ?? {});
    const live = g.policy(ID.mfaAll);
    const users = (live.conditions as { users: { excludeGuestsOrExternalUsers: Record<string, unknown> } }).users;
    users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes = "serviceProvider,";
    expect(showsRequestedChange(live, request)).toBe(true);
  });

  it("compares the whole policy for a body beyond the users condition, ignoring what Graph sets itself", () => {
    const g = new FakeTenantGraph(PARTNER, [liveDedicated()]);
    const id = liveDedicated().id;
    expect(showsRequestedChange(g.policy(id), { state: "enabled" })).toBe(false);
    g.edit(id, { state: "enabled" }); // also bumps modifiedDateTime, which does not count
    expect(showsRequestedChange(g.policy(id), { state: "enabled" })).toBe(true);
    expect(showsRequestedChange(g.policy(id), { state: "enabled", grantControls: { builtInControls: ["block"] } })).toBe(false);
  });

  it("refuses bodies that are not objects", () => {
    const live = graph().policy(ID.mfaAll);
    expect(showsRequestedChange(live, null)).toBe(false);
    expect(showsRequestedChange(live, ["x"])).toBe(false);
    expect(showsRequestedChange(live, "x")).toBe(false);
  });
});

describe("showsChange (the action's own test)", () => {
  it("an exclusion: the policy now plans already-excluded", () => {
    const g = new FakeTenantGraph(TENANT, samplePolicies());
    expect(showsChange(SP, g.policy(ID.mfaAll))).toBe(false);
    expect(showsChange(SP, g.policy(ID.excluded))).toBe(true);
    g.edit(ID.mfaAll, planServiceProviderExclusion(g.policy(ID.mfaAll), PARTNER).body ?? {});
    expect(showsChange(SP, g.policy(ID.mfaAll))).toBe(true);
    const account = {
      action: "exclude-service-account",
      accountObjectId: SOME_USER,
      accountUpn: "x@y.example",
      dedicatedPolicy: dedicated("create-service-account-policy").dedicatedPolicy,
    } as const;
    expect(showsChange(account, g.policy(ID.mfaAll))).toBe(false);
    g.edit(ID.mfaAll, { conditions: { users: { excludeUsers: [SOME_USER] } } });
    expect(showsChange(account, g.policy(ID.mfaAll))).toBe(true);
    // Unreadable: never "shown".
    expect(showsChange(SP, { id: "x", displayName: "x", state: "enabled", conditions: "nope" })).toBe(false);
  });

  it("the dedicated policy: created and repaired when it has no drift, enforced when enabled", () => {
    const live = liveDedicated();
    const drifted = { ...live, grantControls: { ...(live.grantControls as object), builtInControls: ["block"] } };
    for (const action of ["create-service-account-policy", "repair-service-account-policy"] as const) {
      expect(showsChange(dedicated(action), live)).toBe(true);
      expect(showsChange(dedicated(action), drifted)).toBe(false);
    }
    const enforce = dedicated("enforce-service-account-policy");
    expect(showsChange(enforce, live)).toBe(false);
    expect(showsChange(enforce, { ...live, state: "enabled" })).toBe(true);
    expect(showsChange(enforce, { ...drifted, state: "enabled" })).toBe(true);
    expect(showsChange(dedicated("repair-service-account-policy"), { id: "x", displayName: "x", state: "enabled", conditions: "nope" })).toBe(false);
  });
});

describe("write failures", () => {
  it("are certain (nothing changed) for a 4xx or a known refusal, uncertain for a 5xx, a network failure or an unknown error", () => {
    expect(writeOutcomeIsUncertain(new GraphFailure("conflict", "refused", { status: 400 }))).toBe(false);
    expect(writeOutcomeIsUncertain(new GraphFailure("throttled", "429"))).toBe(false);
    expect(writeOutcomeIsUncertain(new GraphFailure("missing-role", "no role"))).toBe(false);
    expect(writeOutcomeIsUncertain(new GraphFailure("unavailable", "503"))).toBe(true);
    expect(writeOutcomeIsUncertain(new GraphFailure("unknown", "?"))).toBe(true);
    expect(writeOutcomeIsUncertain(new TypeError("socket hang up"))).toBe(true);
    // Graph's status decides when there is one: a 4xx was not processed, a 5xx may have been.
    expect(writeOutcomeIsUncertain(new GraphFailure("unknown", "Graph answered 418", { status: 418 }))).toBe(false);
    expect(writeOutcomeIsUncertain(new GraphFailure("unknown", "Graph answered 504", { status: 504 }))).toBe(true);
  });

  it("read as the admin-facing message plus Graph's own status, code and message", () => {
    expect(errorText(new GraphFailure("gdap-inactive", "GDAP relationship expired on 2026-10-01"))).toBe("GDAP relationship expired on 2026-10-01");
    expect(
      errorText(
        new GraphFailure("missing-role", "The GDAP relationship grants no role that may change policies.", {
          status: 403,
          code: "Authorization_RequestDenied",
        }),
      ),
    ).toBe("The GDAP relationship grants no role that may change policies. (Graph: HTTP 403, Authorization_RequestDenied)");
    expect(errorText(new Error("boom"))).toBe("Unexpected error: boom");
  });
});

describe("FakeTenantGraph", () => {
  it("applies PATCH bodies with Graph's semantics, stamps the modification time and records calls", async () => {
    const g = new FakeTenantGraph(TENANT, samplePolicies());
    const before = g.policy(ID.mfaAll);
    const request = planServiceProviderExclusion(before, PARTNER).body ?? {};
    const answer = await g.patchPolicy(ID.mfaAll, request);
    expect(answer).toEqual({ status: 204, requestId: "request-1", clientRequestId: "client-1", body: null });
    const after = await g.getPolicy(ID.mfaAll);
    expect(after.modifiedDateTime).toBe("2026-11-01T00:00:01.000Z");
    expect(planServiceProviderExclusion(after, PARTNER).outcome).toBe("already-excluded");
    expect(g.patches()).toEqual([{ policyId: ID.mfaAll, body: request }]);
  });

  it("throws injected failures once, for the matching call only", async () => {
    const g = new FakeTenantGraph(TENANT, samplePolicies());
    g.failNext("getPolicy", new GraphFailure("throttled", "slow down"), { policyId: ID.excluded });
    await expect(g.getPolicy(ID.mfaAll)).resolves.toMatchObject({ id: ID.mfaAll });
    await expect(g.getPolicy(ID.excluded)).rejects.toThrow("slow down");
    await expect(g.getPolicy(ID.excluded)).resolves.toMatchObject({ id: ID.excluded });
    await expect(g.getPolicy("nope")).rejects.toMatchObject({ problem: "not-found" });
  });

  it("creates a policy with a new id, answering 201 with the created entity, and records the API version of each write", async () => {
    const g = new FakeTenantGraph(PARTNER, []);
    const body = { displayName: "New", state: "enabledForReportingButNotEnforced", conditions: {} };
    const answer = await g.createPolicy(body);
    const created = answer.body as { id: string };
    expect(answer).toMatchObject({ status: 201, requestId: "request-1", clientRequestId: "client-1" });
    expect(answer.body).toMatchObject({ ...body, id: expect.any(String), createdDateTime: expect.any(String), modifiedDateTime: expect.any(String) });
    expect(g.policy(created.id)).toEqual(answer.body);
    await g.createPolicy(body, { apiVersion: "beta" });
    expect(g.creates()).toEqual([
      { body, apiVersion: "v1.0" },
      { body, apiVersion: "beta" },
    ]);
    expect(new Set((await g.listPolicies()).map((p) => p.id)).size).toBe(2);
    await g.patchPolicy(created.id, { state: "enabled" }, { apiVersion: "beta" });
    expect(g.calls.at(-1)).toEqual({ method: "patchPolicy", policyId: created.id, body: { state: "enabled" }, apiVersion: "beta" });
    g.failNext("createPolicy", new GraphFailure("conflict", "refused", { status: 400 }));
    await expect(g.createPolicy(body)).rejects.toThrow("refused");
    expect((await g.listPolicies()).length).toBe(2);
  });
});
