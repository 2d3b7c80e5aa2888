import { describe, expect, it } from "vitest";
import { caReadsPerTenantPerSweep, quantile, throttled } from "./measure";

const get = (tenantId: string, status = 200) => ({ method: "GET", path: "/identity/conditionalAccess/policies", tenantId, status });

describe("bench:guard figures", () => {
  it("counts CA reads per swept tenant per sweep, leaving out repaired tenants and other requests", () => {
    const log = [
      get("a"),
      get("a"),
      get("b"),
      get("b"),
      get("c"),
      get("c"),
      get("c"),
      { method: "PATCH", path: "/identity/conditionalAccess/policies/x", tenantId: "a", status: 200 },
    ];
    expect(caReadsPerTenantPerSweep(log, new Set(["a", "b"]), 2)).toBe(1);
    expect(caReadsPerTenantPerSweep(log, new Set(["a"]), 0)).toBeNaN();
    expect(throttled([get("a", 429), get("b")])).toBe(1);
  });

  it("takes quantiles by nearest rank", () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 1)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
