import { describe, expect, it } from "vitest";
import { GraphFailure } from "./tenant-graph-contract";

describe("GraphFailure across bundle copies", () => {
  it("recognises a failure made by another copy of the class (same brand, different constructor)", () => {
    const brand: unique symbol = Symbol.for("msp-ca-portal.GraphFailure") as never;
    class OtherCopy extends Error {
      readonly [brand] = true;
      readonly problem = "blocked-by-ca";
    }
    expect(new OtherCopy("x") instanceof GraphFailure).toBe(true);
    expect(new GraphFailure("throttled", "slow") instanceof GraphFailure).toBe(true);
  });

  it("does not mistake other errors for it", () => {
    expect(new Error("x") instanceof GraphFailure).toBe(false);
    expect(Object.assign(new Error("x"), { problem: "throttled" }) instanceof GraphFailure).toBe(false);
    expect((null as unknown as object) instanceof GraphFailure).toBe(false);
  });
});
