import { describe, expect, it } from "vitest";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { isGraphFailure, preferredAccess } from "./tenant-access";

describe("opening a tenant for a preview", () => {
  it("goes app-only first only where the last sync got in app-only", () => {
    expect(preferredAccess("blocked-by-ca")).toBe("app-only");
    expect(preferredAccess("app-only")).toBe("app-only");
    for (const health of ["delegated", "gdap-inactive", "no-consent", "throttled", null]) expect(preferredAccess(health)).toBe("delegated");
  });

  it("recognises a GraphFailure from another bundled copy of the class, and nothing else", () => {
    expect(isGraphFailure(new GraphFailure("blocked-by-ca", "blocked"))).toBe(true);
    const copy = Object.assign(new Error("blocked"), { name: "GraphFailure", problem: "blocked-by-ca" });
    expect(isGraphFailure(copy)).toBe(true);
    expect(isGraphFailure(new Error("GraphFailure"))).toBe(false);
    expect(isGraphFailure({ name: "GraphFailure", problem: "x", message: "m" })).toBe(false);
  });
});
