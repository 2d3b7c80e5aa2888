import { describe, expect, it } from "vitest";
import { isConditionalAccess, pacingFigures, requestsByKind, type LoggedRequest } from "./measure";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 24, 0, 0, 0, ms)).toISOString();
const ca = (tenantId: string, ms: number, status = 200, method = "PATCH"): LoggedRequest => ({
  timestamp: at(ms),
  method,
  path: "/identity/conditionalAccess/policies/p1",
  tenantId,
  status,
});

describe("pacingFigures", () => {
  it("counts CA requests and 429s, finds the busiest tenant and its limit", () => {
    const entries = [
      ca("a", 0, 200, "GET"),
      ca("a", 1000),
      ca("a", 2000, 429),
      ca("a", 3000),
      ca("b", 0),
      { timestamp: at(10), method: "GET", path: "/organization", tenantId: "b", status: 200 },
    ];
    const f = pacingFigures(entries, 1000);
    expect(f).toMatchObject({ caRequests: 5, throttled: 1, busiestTenant: { tenantId: "a", caRequests: 4 }, pacingLimitMs: 4000, tenantsAbovePace: [] });
    expect(f.throttledShare).toBeCloseTo(0.2);
  });

  it("names a tenant whose accepted requests came closer than a Graph second", () => {
    const f = pacingFigures([ca("a", 0), ca("a", 999), ca("b", 0), ca("b", 400, 429), ca("b", 1000)], 1000);
    expect(f.tenantsAbovePace).toEqual(["a"]);
  });

  it("counts the most requests one tenant sent within any Graph second, 429s included", () => {
    expect(pacingFigures([], 1000).mostInOneSecond).toBeNull();
    expect(pacingFigures([ca("a", 0), ca("a", 1000), ca("a", 2000), ca("b", 0)], 1000).mostInOneSecond).toEqual({ tenantId: "a", requests: 1 });
    expect(pacingFigures([ca("a", 0), ca("a", 1000), ca("b", 0), ca("b", 600, 429), ca("b", 999)], 1000).mostInOneSecond).toEqual({
      tenantId: "b",
      requests: 3,
    });
    expect(pacingFigures([ca("a", 0), ca("a", 49)], 50, 2).mostInOneSecond).toEqual({ tenantId: "a", requests: 1 });
  });

  it("scales with the local cloud's time scale and tolerates clock resolution", () => {
    expect(pacingFigures([ca("a", 0), ca("a", 49)], 50, 2).tenantsAbovePace).toEqual([]);
    expect(pacingFigures([ca("a", 0), ca("a", 47)], 50, 2).tenantsAbovePace).toEqual(["a"]);
  });

  it("knows Graph's Conditional Access paths", () => {
    expect(isConditionalAccess({ path: "/identity/conditionalAccess/namedLocations" })).toBe(true);
    expect(isConditionalAccess({ path: "/policies/conditionalAccessPolicies/x" })).toBe(true);
    expect(isConditionalAccess({ path: "/identity/conditionalAccess/evaluate" })).toBe(true);
    expect(isConditionalAccess({ path: "/identity/conditionalAccessX" })).toBe(false);
    expect(isConditionalAccess({ path: "/organization" })).toBe(false);
  });
});

describe("requestsByKind", () => {
  it("groups requests by method and path with ids as {id}, the most first", () => {
    const id = "0b9f6a52-52a8-4d8c-9d0e-2f1c6a4f8e11";
    const kinds = requestsByKind([
      { method: "GET", path: `/identity/conditionalAccess/policies/${id}` },
      { method: "PATCH", path: `/identity/conditionalAccess/policies/${id}` },
      { method: "GET", path: "/identity/conditionalAccess/policies/0B9F6A52-52A8-4D8C-9D0E-2F1C6A4F8E12" },
      { method: "GET", path: "/identity/conditionalAccess/policies" },
    ]);
    expect(kinds).toEqual([
      { kind: "GET /identity/conditionalAccess/policies/{id}", requests: 2 },
      { kind: "GET /identity/conditionalAccess/policies", requests: 1 },
      { kind: "PATCH /identity/conditionalAccess/policies/{id}", requests: 1 },
    ]);
  });
});
