import { describe, expect, it } from "vitest";
import type { LoggedRequest } from "../bench-bulk/measure";
import { errorClass, evaluateFigures } from "./measure";

const entry = (tenantId: string, path: string, status = 200, method = "POST"): LoggedRequest => ({
  timestamp: "2026-12-06T00:00:00.000Z",
  method,
  path,
  tenantId,
  status,
});

describe("bench:proof figures", () => {
  it("groups errors by their first sentence", () => {
    expect(errorClass("The GDAP relationship with this customer is expired, not active. Microsoft Entra ID answered AADSTS50020: User account 'x'.")).toBe(
      "The GDAP relationship with this customer is expired, not active.",
    );
    expect(errorClass("The portal's app is not consented (AADSTS65001).")).toBe("The portal's app is not consented (AADSTS65001).");
    expect(errorClass("no full stop")).toBe("no full stop");
  });

  it("counts What If requests per tenant, 429s included, and nothing else", () => {
    const f = evaluateFigures([
      entry("a", "/identity/conditionalAccess/evaluate"),
      entry("a", "/identity/conditionalAccess/evaluate", 429),
      entry("a", "/identity/conditionalAccess/evaluate"),
      entry("b", "/identity/conditionalAccess/evaluate"),
      entry("b", "/identity/conditionalAccess/namedLocations", 200, "GET"),
      entry("c", "/identity/conditionalAccess/policies", 200, "GET"),
    ]);
    expect(f).toEqual({ requests: 4, throttled: 1, tenants: 2, perTenant: { min: 1, mean: 2, max: 3 } });
    expect(evaluateFigures([])).toEqual({ requests: 0, throttled: 0, tenants: 0, perTenant: { min: 0, mean: 0, max: 0 } });
  });
});
