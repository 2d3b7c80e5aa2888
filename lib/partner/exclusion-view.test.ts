import { describe, expect, it } from "vitest";
import { previewPolicy, type ApplyResult } from "../remediation";
import { exclusionPreviewView, exclusionResultView } from "./exclusion-view";
import { ACCOUNT, BREAK_GLASS, mfaForAll } from "../../testing/partner/policies";

const target = { action: "exclude-service-account" as const, accountObjectId: ACCOUNT };
const account = { id: ACCOUNT, upn: "svc@msp.example" };

describe("exclusionPreviewView", () => {
  const lacking = previewPolicy(target, mfaForAll("a0000000-0000-4000-8000-000000000001", "Z: MFA for all users"));
  const excluded = previewPolicy(target, mfaForAll("a0000000-0000-4000-8000-000000000002", "A: already excluded", [BREAK_GLASS, ACCOUNT]));

  it("puts policies with a request first, keeps old exclusions in the request and names the account by its UPN", () => {
    const view = exclusionPreviewView(
      { preview: { tenantId: "t", action: "exclude-service-account", policies: [excluded, lacking], missing: [] }, dedicated: null, items: [] },
      account,
    );
    expect(view.policies.map((p) => [p.name, p.outcome])).toEqual([
      ["Z: MFA for all users", "patch"],
      ["A: already excluded", "already-excluded"],
    ]);
    expect(view.policies[0]?.request?.body).toEqual({ conditions: { users: { excludeUsers: [BREAK_GLASS, ACCOUNT] } } });
    expect(view.policies[0]?.users.describedAfter.join(" ")).toContain("svc@msp.example (the service account)");
    expect(JSON.stringify(view)).not.toContain('"policy"');
  });
});

describe("exclusionResultView", () => {
  it("keeps per policy what the person needs: result, reason, Graph's status", () => {
    const result = {
      reread: { ok: false, error: "throttled" },
      items: [
        {
          changeId: "c1",
          policyId: "p1",
          policyName: "P1",
          result: "applied",
          reason: "r",
          error: null,
          graph: { status: 204, requestId: null, clientRequestId: null },
        },
      ],
    } as unknown as ApplyResult;
    expect(exclusionResultView({ runId: "run", result })).toEqual({
      runId: "run",
      items: [{ id: "c1", policyId: "p1", policyName: "P1", result: "applied", reason: "r", error: null, graphStatus: 204 }],
      rereadError: "throttled",
    });
  });
});
