import { describe, expect, it } from "vitest";
import { preferredAccess } from "./open-tenant";

describe("opening a tenant for a preview or a job", () => {
  it("goes app-only first only where the last sync got in app-only", () => {
    expect(preferredAccess("blocked-by-ca")).toBe("app-only");
    expect(preferredAccess("app-only")).toBe("app-only");
    for (const health of ["delegated", "gdap-inactive", "no-consent", "throttled", null]) expect(preferredAccess(health)).toBe("delegated");
  });
});
