import { describe, expect, it } from "vitest";
import { ALL_TENANTS, type TenantScope } from "../auth/scope";
import { approvalExpiresAt, approvalOpensAt, approvalReason, approverProblem } from "./approval";

const RULES = { aboveTenants: 5, forPartner: true, expiryHours: 24, delaySeconds: 30 };
const A = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const B = "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb";

describe("when a run needs a second person", () => {
  it("holds runs over more tenants than the threshold, and none at or under it", () => {
    expect(approvalReason(RULES, { kind: "bulk-fix", tenantsToWrite: 5 })).toBeNull();
    expect(approvalReason(RULES, { kind: "bulk-fix", tenantsToWrite: 6 })).toBe("It writes to 6 tenants; runs over more than 5 need a second person.");
    expect(approvalReason({ ...RULES, aboveTenants: 0 }, { kind: "policy-fix", tenantsToWrite: 1 })).not.toBeNull();
  });

  it("holds every change to the MSP's own tenant unless the settings turn that off", () => {
    expect(approvalReason(RULES, { kind: "service-account-fix", tenantsToWrite: 1 })).toBe("It changes the MSP's own tenant, which reaches every customer.");
    expect(approvalReason({ ...RULES, forPartner: false }, { kind: "service-account-fix", tenantsToWrite: 1 })).toBeNull();
  });

  it("opens Approve after the wait and expires after the hours", () => {
    const since = new Date("2026-12-06T10:00:00Z");
    expect(approvalOpensAt(RULES, since).toISOString()).toBe("2026-12-06T10:00:30.000Z");
    expect(approvalExpiresAt(RULES, since).toISOString()).toBe("2026-12-07T10:00:00.000Z");
  });
});

describe("who may approve", () => {
  const waiting = { status: "awaiting_approval", requestedById: "requester", touched: { tenantIds: [A, B] } };
  const admin = { userId: "other", role: "admin" };
  const onlyA: TenantScope = { all: false, tenantIds: new Set([A]), groups: ["West"] };

  it("is an admin other than the requester whose scope holds every tenant of the run", () => {
    expect(approverProblem(admin, ALL_TENANTS, waiting)).toBeNull();
    expect(approverProblem({ userId: "other", role: "operator" }, ALL_TENANTS, waiting)).toBe("Only an admin can approve a run.");
    expect(approverProblem({ userId: "requester", role: "admin" }, ALL_TENANTS, waiting)).toBe("You asked for this run, so another admin must approve it.");
    expect(approverProblem(admin, onlyA, waiting)).toMatch(/^This tenant is outside your tenant scope/);
    expect(approverProblem(admin, onlyA, { ...waiting, touched: { tenantIds: [], partner: true } })).toMatch(/reach every customer/);
    expect(approverProblem(admin, ALL_TENANTS, { ...waiting, status: "queued" })).toBe("The run is not waiting for approval.");
  });
});
