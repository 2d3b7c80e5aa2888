import { describe, expect, it } from "vitest";
import { BENCH_DEFAULTS, BenchArgsError, parseBenchArgs, workersFor } from "./args";

describe("parseBenchArgs", () => {
  it("defaults to a thousand tenants at Graph's real pace, with the naive comparison", () => {
    expect(parseBenchArgs([])).toEqual(BENCH_DEFAULTS);
    expect(BENCH_DEFAULTS).toMatchObject({ tenants: 1000, timeScale: 1, naive: true });
  });

  it("starts one worker per core, at least one and at most eight", () => {
    expect([1, 2, 3, 8, 64].map(workersFor)).toEqual([1, 2, 3, 8, 8]);
    expect(workersFor(0)).toBe(1);
  });

  it("reads every flag in both forms", () => {
    expect(parseBenchArgs(["--tenants", "50", "--policies-per-tenant=12", "--time-scale", "0.05", "--concurrency=40", "--workers", "2", "--no-naive"])).toEqual(
      {
        tenants: 50,
        policiesPerTenant: 12,
        timeScale: 0.05,
        concurrency: 40,
        workers: 2,
        naive: false,
      },
    );
  });

  it.each([
    [["--tenants", "0"]],
    [["--tenants"]],
    [["--tenants", "ten"]],
    [["--time-scale", "0"]],
    [["--time-scale", "-1"]],
    [["--concurrency", "501"]],
    [["--workers", "0"]],
    [["--workers", "9"]],
    [["--fast"]],
  ])("refuses %j with a sentence", (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchArgsError);
  });
});
