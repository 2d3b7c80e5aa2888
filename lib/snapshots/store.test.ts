import { describe, expect, it } from "vitest";
import { countPlans } from "./store";

const PARTNER = "99999999-1111-4111-8111-999999999999";
const policy = (state: string, users: object) => ({
  id: state,
  displayName: state,
  state,
  conditions: { users, applications: { includeApplications: ["All"] } },
});

describe("policy counts", () => {
  it("counts what can block the MSP now: enabled and report-only, not disabled", () => {
    expect(
      countPlans(
        [
          policy("enabled", { includeUsers: ["All"] }),
          policy("enabledForReportingButNotEnforced", { includeUsers: ["All"] }),
          policy("disabled", { includeUsers: ["All"] }),
          policy("enabled", { includeUsers: ["GuestsOrExternalUsers"] }),
          policy("enabled", { includeGroups: ["11111111-2222-4333-8444-555555555555"] }),
        ],
        PARTNER,
      ),
    ).toEqual({ policyCount: 5, needsFixCount: 2, needsReviewCount: 1 });
  });

  it("sends a policy the engine cannot read to review", () => {
    expect(countPlans([{ id: "x", state: "enabled", conditions: "broken" }], PARTNER)).toEqual({ policyCount: 1, needsFixCount: 0, needsReviewCount: 1 });
  });
});
