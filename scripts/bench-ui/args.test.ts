import { describe, expect, it } from "vitest";
import { parseUiBenchArgs, UI_BENCH_DEFAULTS } from "./args";

describe("bench:ui flags", () => {
  it("takes the defaults (10,000 tenants, 20 loads) and overrides", () => {
    expect(parseUiBenchArgs([])).toEqual(UI_BENCH_DEFAULTS);
    expect(
      parseUiBenchArgs(["--tenants", "500", "--synced", "50", "--loads=10", "--browser-loads", "3", "--time-scale", "0.1", "--profile", "/tmp/p.cpuprofile"]),
    ).toEqual({
      tenants: 500,
      synced: 50,
      loads: 10,
      browserLoads: 3,
      timeScale: 0.1,
      profile: "/tmp/p.cpuprofile",
    });
  });

  it("syncs at most the whole fleet", () => {
    expect(parseUiBenchArgs(["--tenants", "60"]).synced).toBe(60);
  });

  it("refuses bad flags with a sentence", () => {
    expect(() => parseUiBenchArgs(["--tenants", "ten"])).toThrow("--tenants needs a whole number, got 'ten'");
    expect(() => parseUiBenchArgs(["--tenants", "20000"])).toThrow("--tenants must be between 1 and 10000, got 20000");
    expect(() => parseUiBenchArgs(["--loads", "0"])).toThrow("--loads must be between 1 and 500, got 0");
    expect(() => parseUiBenchArgs(["--fast"])).toThrow("unknown flag '--fast'");
    expect(() => parseUiBenchArgs(["--profile", "--loads", "3"])).toThrow("--profile needs a file to write, got '--loads'");
  });
});
