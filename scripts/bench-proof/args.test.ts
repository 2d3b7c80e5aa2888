import { describe, expect, it } from "vitest";
import { PROOF_BENCH_DEFAULTS, parseProofBenchArgs } from "./args";

describe("bench:proof flags", () => {
  it("takes the defaults (1,000 tenants at Graph's pace) and overrides", () => {
    expect(parseProofBenchArgs([])).toEqual(PROOF_BENCH_DEFAULTS);
    expect(parseProofBenchArgs(["--tenants", "40", "--time-scale=0.1", "--concurrency", "20"])).toEqual({ tenants: 40, timeScale: 0.1, concurrency: 20 });
  });

  it("refuses bad flags with a sentence", () => {
    expect(() => parseProofBenchArgs(["--tenants", "0"])).toThrow("--tenants must be between 1 and 10000, got 0");
    expect(() => parseProofBenchArgs(["--time-scale", "fast"])).toThrow("--time-scale needs a number above 0 and at most 10, got 'fast'");
    expect(() => parseProofBenchArgs(["--naive"])).toThrow("unknown flag '--naive'");
  });
});
