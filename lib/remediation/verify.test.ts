import { describe, expect, it } from "vitest";
import { planServiceProviderExclusion } from "../ca";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { errorText, writeOutcomeIsUncertain } from "./history";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, TENANT, samplePolicies } from "../../testing/remediation/policies";
import { showsRequestedChange } from "./verify";

describe("showsRequestedChange", () => {
  const graph = () => new FakeTenantGraph(TENANT, samplePolicies());
  const body = (policy: Record<string, unknown>) => planServiceProviderExclusion(policy, PARTNER).body;

  it("is false before the request is applied and true after", () => {
    const g = graph();
    const before = g.policy(ID.mfaAll);
    const request = body(before);
    expect(showsRequestedChange(before, request, null)).toBe(false);
    g.edit(ID.mfaAll, request ?? {});
    expect(showsRequestedChange(g.policy(ID.mfaAll), request, null)).toBe(true);
  });

  it("reads values the way lib/ca does, so Graph's spelling of flags does not matter", () => {
    const g = graph();
    const request = body(g.policy(ID.mfaAll));
    g.edit(ID.mfaAll, request ?? {});
    const live = g.policy(ID.mfaAll);
    const users = (live.conditions as { users: { excludeGuestsOrExternalUsers: Record<string, unknown> } }).users;
    users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes = "serviceProvider,";
    expect(showsRequestedChange(live, request, null)).toBe(true);
  });

  it("accepts a fresh already-excluded plan, and refuses bodies that are not objects", () => {
    const live = graph().policy(ID.mfaAll);
    expect(showsRequestedChange(live, null, "already-excluded")).toBe(true);
    expect(showsRequestedChange(live, null, "patch")).toBe(false);
    expect(showsRequestedChange(live, ["x"], null)).toBe(false);
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
});
