import { describe, expect, it } from "vitest";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { tenantCsvCells, TENANTS_CSV_HEADER } from "./csv";

const row: TenantRow = {
  id: "0f3c2a4e-1111-4111-8111-111111111111",
  displayName: "Contoso Ltd",
  gdapStatus: "active",
  gdapRoles: ["Conditional Access Administrator", "Security Reader"],
  gdapEndsAt: "2027-01-02T00:00:00.000Z",
  gdapWarning: "expires in 27 days",
  accessHealth: "blocked-by-ca",
  accessReason: "AADSTS53003: blocked by Conditional Access",
  policyCount: 7,
  needsFixCount: 3,
  needsReviewCount: 0,
  lastSyncedAt: "2026-12-06T10:00:00.000Z",
  lastSyncError: null,
  lastChangeAt: null,
  signInVerdict: "blocked",
  signInCheckedAt: "2026-12-06T11:00:00.000Z",
};

describe("the tenants CSV's columns", () => {
  it("has a header cell for every cell, in the grid's words", () => {
    expect(TENANTS_CSV_HEADER).toHaveLength(tenantCsvCells(row).length);
    expect(Object.fromEntries(TENANTS_CSV_HEADER.map((h, i) => [h, tenantCsvCells(row)[i]]))).toEqual({
      Tenant: "Contoso Ltd",
      "Tenant id": row.id,
      GDAP: "active",
      "GDAP warning": "expires in 27 days",
      "Access ends": "2027-01-02T00:00:00.000Z",
      "Roles granted": "Conditional Access Administrator; Security Reader",
      Access: "Blocked by CA",
      Reason: "AADSTS53003: blocked by Conditional Access",
      "GDAP sign-in": "blocked",
      "Sign-in checked": "2026-12-06T11:00:00.000Z",
      Policies: 7,
      "Need fix": 3,
      "Need review": 0,
      "Last synced": "2026-12-06T10:00:00.000Z",
      "Last sync error": null,
      "Last change": null,
    });
  });
});
