import { describe, expect, it } from "vitest";
import { ID, TENANT } from "../../testing/remediation/policies";
import { bulkOptions, bulkOptionsOf, confirmedNeedsReview, runOptionsOf, tenantIds, type BulkOptions } from "./options";

const OTHER = "0f0f0f0f-1111-4111-8111-0f0f0f0f0f0f";

describe("the bulk wizard's options", () => {
  it("map to the run's scope and back", () => {
    const all: BulkOptions[] = [true, false].flatMap((includeDisabledAndReportOnly) =>
      [true, false].map((includeNeedsReview) => ({ fix: "exclude-service-provider" as const, includeDisabledAndReportOnly, includeNeedsReview })),
    );
    for (const options of all) expect(bulkOptionsOf(runOptionsOf(options))).toEqual(options);
    expect(runOptionsOf({ fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false })).toEqual({
      scope: { states: "enabled" },
      offerNeedsReview: false,
    });
    expect(runOptionsOf({ fix: "exclude-service-provider", includeDisabledAndReportOnly: true, includeNeedsReview: true })).toEqual({
      scope: { states: "all" },
      offerNeedsReview: true,
    });
  });

  it("offer the MSP's exclusion only, and nothing the wizard does not ask", () => {
    expect(bulkOptions.safeParse({ fix: "exclude-service-account", includeDisabledAndReportOnly: false, includeNeedsReview: false }).success).toBe(false);
    expect(
      bulkOptions.safeParse({ fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false, force: true }).success,
    ).toBe(false);
  });
});

describe("what the browser may send to preview and confirm a bulk run", () => {
  it("selects each tenant once, by id, at least one", () => {
    expect(tenantIds.parse([TENANT.toUpperCase(), OTHER])).toEqual([TENANT, OTHER]);
    expect(tenantIds.safeParse([TENANT, TENANT.toUpperCase()]).success).toBe(false);
    expect(tenantIds.safeParse([]).success).toBe(false);
    expect(tenantIds.safeParse(["not-a-tenant"]).success).toBe(false);
  });

  it("ticks needs-review policies by tenant and policy id only, each once: never a policy body", () => {
    const tick = { tenantId: TENANT, policyId: ID.targetsPartner };
    expect(confirmedNeedsReview.parse([tick, { tenantId: OTHER, policyId: ID.targetsPartner }])).toHaveLength(2);
    expect(confirmedNeedsReview.parse([])).toEqual([]);
    expect(confirmedNeedsReview.safeParse([tick, { ...tick, tenantId: TENANT.toUpperCase() }]).success).toBe(false);
    expect(confirmedNeedsReview.safeParse([{ ...tick, body: { conditions: {} } }]).success).toBe(false);
    expect(confirmedNeedsReview.safeParse([{ ...tick, policyId: "" }]).success).toBe(false);
  });
});
