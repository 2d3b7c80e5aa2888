import { describe, expect, it } from "vitest";
import { previewTenant } from "../remediation";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, TENANT, samplePolicies } from "../../testing/remediation/policies";
import { fixPreviewView } from "./preview-view";
import { fixItems, tenantFixJob } from "./schemas";

const ACCESS = { path: "delegated", fallbackReason: null } as const;

describe("the preview's view-model", () => {
  it("is plain JSON with the request, the fingerprint and the users condition in words, planned changes first", async () => {
    const preview = await previewTenant({ graph: new FakeTenantGraph(TENANT, samplePolicies()), partnerTenantId: PARTNER });
    const view = fixPreviewView(preview, ACCESS, { [PARTNER]: "MSP (your MSP tenant)" });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(view.policies.map((p) => [p.name, p.outcome, p.request !== null, p.requiresConfirmation])).toEqual([
      ["Require MFA for all users", "patch", true, false],
      ["MFA for our MSP", "needs-review", true, true],
      ["Block legacy auth (MSP excluded)", "already-excluded", false, false],
      ["MFA for the CFO", "not-applicable", false, false],
    ]);
    const mfa = view.policies[0]!;
    const engine = preview.policies.find((p) => p.policyId === ID.mfaAll)!;
    expect(mfa.request).toEqual({ method: "PATCH", path: `/identity/conditionalAccess/policies/${ID.mfaAll}`, body: engine.request!.body });
    expect(mfa.fingerprint).toBe(engine.fingerprint);
    expect(mfa.users.changed).toEqual(["excludeGuestsOrExternalUsers"]);
    // The MSP is named in words after the fix, and was not mentioned before it.
    expect(mfa.users.describedAfter.join(" ")).toContain("your MSP tenant");
    expect(mfa.users.describedBefore.join(" ")).not.toContain("your MSP tenant");
    // The whole live policy stays on the server.
    expect(mfa).not.toHaveProperty("policy");
  });
});

describe("what the browser may send to start a fix", () => {
  const item = { policyId: ID.mfaAll, expectedFingerprint: "m=;s=enabled;u=0000000000000000;p=0000000000000000", confirmedNeedsReview: false };
  it("is ids, fingerprints and ticks only: never a policy body, and each policy once", () => {
    expect(fixItems.safeParse([item]).success).toBe(true);
    expect(fixItems.safeParse([{ ...item, body: { conditions: {} } }]).success).toBe(false);
    expect(fixItems.safeParse([item, item]).success).toBe(false);
    expect(fixItems.safeParse([]).success).toBe(false);
    expect(tenantFixJob.safeParse({ runId: "not-a-uuid", tenantId: TENANT, items: [item] }).success).toBe(false);
  });
});
