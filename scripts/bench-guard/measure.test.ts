import { describe, expect, it } from "vitest";
import { caReadsPerTenantPerSweep, quantile, throttled } from "./measure";

const at = (second: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, second)).toISOString();
const get = (tenantId: string, status = 200, second = 1) => ({
  method: "GET",
  path: "/identity/conditionalAccess/policies",
  tenantId,
  status,
  timestamp: at(second),
});
const sweep = (from: number, to: number) => ({ startedAt: new Date(at(from)), finishedAt: new Date(at(to)) });

describe("bench:guard figures", () => {
  it("counts CA reads per swept tenant per sweep, leaving out repaired tenants, other requests and a sweep still running", () => {
    const log = [
      get("a", 200, 1),
      get("b", 200, 2),
      get("a", 200, 11),
      get("b", 200, 12),
      get("c", 200, 1),
      get("c", 200, 11),
      get("c", 200, 12),
      { method: "PATCH", path: "/identity/conditionalAccess/policies/x", tenantId: "a", status: 200, timestamp: at(3) },
      // A third sweep had begun when the bench stopped: its reads are not in a finished sweep's window.
      get("a", 200, 21),
    ];
    expect(caReadsPerTenantPerSweep(log, new Set(["a", "b"]), [sweep(0, 5), sweep(10, 15)])).toBe(1);
    expect(caReadsPerTenantPerSweep(log, new Set(["a"]), [])).toBeNaN();
    expect(throttled([get("a", 429), get("b")])).toBe(1);
  });

  it("takes quantiles by nearest rank", () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 1)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
