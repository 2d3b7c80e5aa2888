import { describe, expect, it } from "vitest";
import { describePolicy } from "./describe-policy";
import { isMicrosoftManaged } from "./microsoft-managed";
import { planServiceAccountExclusion } from "./plan-service-account-exclusion";
import { planServiceProviderExclusion } from "./plan-service-provider-exclusion";

const PARTNER = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const ACCOUNT = "dddddddd-4444-4444-8444-dddddddddddd";

// As Graph v1.0 lists one (docs/graph-contract.md §5.4): the name carries the prefix, a templateId is set.
function managed(displayName = "Microsoft-managed: Block legacy authentication"): Record<string, unknown> {
  return {
    id: "22222222-0000-4000-8000-000000000000",
    displayName,
    state: "enabledForReportingButNotEnforced",
    templateId: "4200930c-0da2-4e33-ca01-000000000007",
    createdDateTime: "2025-02-12T22:01:32Z",
    conditions: {
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["exchangeActiveSync", "other"],
      users: { includeUsers: ["All"], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  };
}

describe("Microsoft-managed policies", () => {
  it("are recognised by the name Graph gives them, not by a template id alone", () => {
    expect(isMicrosoftManaged(managed())).toBe(true);
    expect(isMicrosoftManaged(managed("Block legacy authentication"))).toBe(false);
    expect(isMicrosoftManaged({ ...managed("Created from a template"), templateId: "4200930c-0da2-4e33-ca01-000000000007" })).toBe(false);
  });

  it("get no service-provider exclusion: nothing is sent and the person is told what to do instead", () => {
    const plan = planServiceProviderExclusion(managed(), PARTNER);
    expect(plan.outcome).toBe("needs-review");
    expect(plan.body).toBeNull();
    expect(plan.reason).toMatch(
      /Microsoft-managed: no request is proposed .*instead duplicate the policy in Entra, exclude the MSP in the copy and turn this one off\./,
    );
    expect(plan.warnings.join(" ")).toMatch(/duplicate the policy, add the exclusion to the copy, then turn this one off/);
  });

  it("still get the automation account's exclusion, an excluded user Graph accepts on them", () => {
    const plan = planServiceAccountExclusion(managed(), ACCOUNT);
    expect(plan.outcome).toBe("patch");
    expect(plan.body).toEqual({ conditions: { users: { excludeUsers: [ACCOUNT] } } });
  });

  it("are described as Microsoft-managed", () => {
    const lines = describePolicy(managed())[0]!.lines;
    expect(lines).toContain("Microsoft-managed: Microsoft created this policy; only its state and its excluded users, groups and roles can be changed.");
    // The template's id stands beside a label, never alone (its name is not read).
    expect(lines).toContain("Created from a Microsoft template (4200930c-0da2-4e33-ca01-000000000007)");
    expect(describePolicy(managed("Block legacy authentication"))[0]!.lines.join(" ")).not.toMatch(/Microsoft-managed/);
  });
});
