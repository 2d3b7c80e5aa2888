import { describe, expect, it } from "vitest";
import { buildServiceAccountPolicy, dedicatedPolicyRepairBody, SECTION, type DescriptionSection } from "../ca";
import type { GraphPolicy } from "../graph/tenant-graph-contract";
import { POLICIES_PATH, policyPath, previewOfPolicies, previewTenant, type DedicatedPolicyAction, type FixTarget } from "../remediation";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, TENANT, samplePolicies } from "../../testing/remediation/policies";
import { namesFor, PARTNER_NAME, policyPreviewView, previewTotals, sortedForPreview } from "./preview-view";
import type { PreviewTenantSummary } from "./views";

const ACCESS = { path: "delegated", fallbackReason: null } as const;
const EXCLUSION: FixTarget = { action: "exclude-service-provider", partnerTenantId: PARTNER };

describe("the preview of an exclusion, as a person reads it", () => {
  it("is plain JSON with the exact request and the users condition before and after in words, planned changes first", async () => {
    const preview = await previewTenant({ graph: new FakeTenantGraph(TENANT, samplePolicies()), target: EXCLUSION });
    const views = sortedForPreview(preview.policies.map((p) => policyPreviewView(p, namesFor(EXCLUSION))));
    expect(JSON.parse(JSON.stringify(views))).toEqual(views);
    expect(views.map((p) => [p.name, p.outcome, p.request !== null, p.requiresConfirmation])).toEqual([
      ["Require MFA for all users", "patch", true, false],
      ["MFA for our MSP", "needs-review", true, true],
      ["Block legacy auth (MSP excluded)", "already-excluded", false, false],
      ["MFA for the CFO", "not-applicable", false, false],
    ]);

    const mfa = views[0]!;
    const engine = preview.policies.find((p) => p.policyId === ID.mfaAll)!;
    // The engine's reason, with the MSP named beside its id.
    expect(mfa).toMatchObject({
      key: ID.mfaAll,
      policyId: ID.mfaAll,
      state: "enabled",
      reason: engine.reason.replaceAll(PARTNER, `${PARTNER_NAME} (${PARTNER})`),
    });
    expect(mfa.request).toEqual({ method: "PATCH", path: `/identity/conditionalAccess/policies/${ID.mfaAll}`, body: engine.request!.body });
    // The users condition: what the request changes, as JSON and in words; the MSP named, not a bare id.
    expect(mfa.users.changed).toEqual(["excludeGuestsOrExternalUsers"]);
    expect((mfa.users.before as Record<string, unknown>).excludeGuestsOrExternalUsers).toBeNull();
    expect((mfa.users.after as Record<string, unknown>).excludeGuestsOrExternalUsers).toEqual({
      guestOrExternalUserTypes: "serviceProvider",
      externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [PARTNER] },
    });
    expect(mfa.users.describedBefore).toEqual(["Includes all users", "Excludes nobody"]);
    expect(mfa.users.describedAfter).toEqual([
      "Includes all users",
      `Excludes guest or external users: service provider users from tenant ${PARTNER_NAME} (${PARTNER})`,
    ]);
    expect(PARTNER_NAME).toBe("your MSP tenant"); // until a sync has read the partner tenant's name (then e.g. "Tailwind Managed Services (your MSP tenant)")
    // An exclusion shows its users condition only: the whole live policy stays on the server.
    expect(mfa.policy).toBeNull();
    expect(mfa).not.toHaveProperty("before");
    expect(mfa).not.toHaveProperty("fingerprint");

    // Nothing to send: nothing changes, before and after read the same.
    const excluded = views.find((p) => p.policyId === ID.excluded)!;
    expect(excluded).toMatchObject({ request: null, users: { changed: [] } });
    expect(excluded.users.describedAfter).toEqual(excluded.users.describedBefore);
    expect(excluded.users.describedBefore.join(" ")).toContain(PARTNER_NAME);

    // needs-review: the proposal is shown, with why it needs a person.
    const review = views.find((p) => p.policyId === ID.targetsPartner)!;
    expect(review).toMatchObject({ requiresConfirmation: true, users: { changed: ["excludeGuestsOrExternalUsers"] } });
    expect(review.warnings.join(" ")).toMatch(/explicitly includes service provider users/);
  });

  it("names nobody without a target", () => {
    expect(namesFor(null)).toEqual({ tenants: {}, directoryObjects: {} });
  });
});

describe("the preview of the dedicated policy's actions", () => {
  const ACCOUNT = "eeeeeeee-5555-4555-8555-eeeeeeeeeeee";
  const NAME = "Portal service account";
  const target = (action: DedicatedPolicyAction): FixTarget => ({
    action,
    accountObjectId: ACCOUNT,
    accountUpn: "svc@msp.example",
    dedicatedPolicy: { dedicatedPolicyId: "d1000000-0000-4000-8000-000000000001", dedicatedPolicyName: NAME },
  });
  const reportOnly = { ...buildServiceAccountPolicy({ accountId: ACCOUNT, displayName: NAME }) } as Record<string, unknown>;
  const live = (changes: Record<string, unknown> = {}): GraphPolicy =>
    ({ ...reportOnly, id: "d1000000-0000-4000-8000-000000000001", createdDateTime: "2026-01-01T00:00:00Z", ...changes }) as unknown as GraphPolicy;
  const viewOf = (action: DedicatedPolicyAction, policies: GraphPolicy[]) => {
    const t = target(action);
    const preview = previewOfPolicies(PARTNER, ACCESS, t, policies);
    expect(preview.policies).toHaveLength(1);
    return policyPreviewView(preview.policies[0]!, namesFor(t));
  };
  const section = (described: DescriptionSection[] | null | undefined, name: string) => described?.find((s) => s.section === name)?.lines;
  const SERVICE_ACCOUNT = `Includes users: svc@msp.example (the service account) (${ACCOUNT})`;

  it("create: no 'before', the policy to be in words, and the exact POST", () => {
    const view = viewOf("create-service-account-policy", []);
    expect(view).toMatchObject({ key: "new-policy", policyId: null, name: NAME, state: null, outcome: "create" });
    expect(view.request).toEqual({ method: "POST", path: POLICIES_PATH, body: reportOnly });
    expect(view.policy!.describedBefore).toBeNull();
    expect(view.users).toMatchObject({ before: null, describedBefore: [] });
    expect(section(view.policy!.describedAfter, SECTION.policy)).toContain("State: Report-only (enabledForReportingButNotEnforced)");
    expect(section(view.policy!.describedAfter, SECTION.users)).toEqual([SERVICE_ACCOUNT, "Excludes nobody"]);
    expect(view.users.describedAfter).toEqual([SERVICE_ACCOUNT, "Excludes nobody"]);
    expect(section(view.policy!.describedAfter, SECTION.grant)).toEqual([
      "Grant access when the selected control is satisfied",
      "Built-in controls: require multifactor authentication",
    ]);
  });

  it("repair: the drifted policy before, the restored one after, and the exact PATCH", () => {
    const drifted = live({ grantControls: { operator: "OR", builtInControls: ["block"] } });
    const view = viewOf("repair-service-account-policy", [drifted]);
    expect(view).toMatchObject({ key: drifted.id, policyId: drifted.id, outcome: "repair" });
    expect(view.request).toEqual({ method: "PATCH", path: policyPath(drifted.id), body: dedicatedPolicyRepairBody(drifted, ACCOUNT) });
    expect(section(view.policy!.describedBefore, SECTION.grant)).toEqual(["Block access"]);
    expect(section(view.policy!.describedAfter, SECTION.grant)).toEqual([
      "Grant access when the selected control is satisfied",
      "Built-in controls: require multifactor authentication",
    ]);
    // The users condition is not what changes here.
    expect(view.users.changed).toEqual([]);
    expect(view.users.describedBefore).toEqual([SERVICE_ACCOUNT, "Excludes nobody"]);
  });

  it("enforce: report-only before, on after, its warnings, and the exact PATCH", () => {
    const view = viewOf("enforce-service-account-policy", [live()]);
    expect(view).toMatchObject({ outcome: "enforce", state: "enabledForReportingButNotEnforced" });
    expect(view.request).toEqual({ method: "PATCH", path: policyPath(live().id), body: { state: "enabled" } });
    expect(section(view.policy!.describedBefore, SECTION.policy)).toContain("State: Report-only (enabledForReportingButNotEnforced)");
    expect(section(view.policy!.describedAfter, SECTION.policy)).toContain("State: On (enabled)");
    expect(section(view.policy!.describedAfter, SECTION.grant)).toEqual(section(view.policy!.describedBefore, SECTION.grant));
    expect(view.warnings.join(" ")).toMatch(/must pass multifactor authentication, every time/);
  });

  it("a dedicated action with nothing to send describes the policy as it is, and no 'after'", () => {
    const view = viewOf("enforce-service-account-policy", [live({ state: "enabled" })]);
    expect(view).toMatchObject({ outcome: "already-enforced", request: null });
    expect(section(view.policy!.describedBefore, SECTION.policy)).toContain("State: On (enabled)");
    expect(view.policy!.describedAfter).toBeNull();
  });
});

describe("preview totals", () => {
  let n = 0;
  const tenant = (status: PreviewTenantSummary["status"], counts: Partial<PreviewTenantSummary>): PreviewTenantSummary => ({
    tenantId: `t-${(n += 1)}`,
    displayName: "T",
    status,
    toChange: 0,
    toSkip: 0,
    needsReview: 0,
    problem: null,
    chosen: null,
    ...counts,
  });

  it("add up the tenants' policies and count unreachable tenants by problem", () => {
    const totals = previewTotals([
      tenant("previewed", { toChange: 3, toSkip: 2, needsReview: 1 }),
      tenant("previewed", { toChange: 1 }),
      tenant("reading", {}),
      tenant("unreachable", { problem: { problem: "gdap-inactive", message: "expired" } }),
      tenant("unreachable", { problem: { problem: "gdap-inactive", message: "terminated" } }),
      tenant("unreachable", { problem: null }),
    ]);
    expect(totals).toEqual({
      tenants: 6,
      policiesToChange: 4,
      policiesToSkip: 2,
      policiesNeedingReview: 1,
      unreachableTenants: 3,
      unreachableByProblem: { "gdap-inactive": 2, unknown: 1 },
      leftOutTenants: 0,
    });
  });

  it("count a tenant left out for read-only GDAP apart: its planned policies are not the run's", () => {
    const totals = previewTotals([
      tenant("previewed", { toChange: 2 }),
      tenant("previewed", { toChange: 5, toSkip: 1, needsReview: 1, problem: { problem: "read-only-gdap", message: "Read-only GDAP: …" } }),
    ]);
    expect(totals).toMatchObject({ tenants: 2, policiesToChange: 2, policiesToSkip: 0, policiesNeedingReview: 0, unreachableTenants: 0, leftOutTenants: 1 });
  });
});
