import { describe, expect, it } from "vitest";
import { GUARD_BENCH_DEFAULTS, parseGuardBenchArgs } from "./args";

describe("bench:guard flags", () => {
  it("takes the defaults (the portal's 5-minute sweep, 50 removals) and overrides", () => {
    expect(parseGuardBenchArgs([])).toEqual(GUARD_BENCH_DEFAULTS);
    expect(parseGuardBenchArgs(["--tenants", "200", "--interval=30", "--removals", "10", "--time-scale", "0.1"])).toMatchObject({
      tenants: 200,
      intervalSeconds: 30,
      removals: 10,
      timeScale: 0.1,
    });
  });

  it("refuses bad flags with a sentence", () => {
    expect(() => parseGuardBenchArgs(["--tenants", "ten"])).toThrow("--tenants needs a whole number, got 'ten'");
    expect(() => parseGuardBenchArgs(["--interval", "1"])).toThrow("--interval must be between 5 and 3600, got 1");
    expect(() => parseGuardBenchArgs(["--tenants", "5", "--removals", "6"])).toThrow("--removals (6) cannot exceed --tenants (5)");
    expect(() => parseGuardBenchArgs(["--fast"])).toThrow("unknown flag '--fast'");
  });
});
