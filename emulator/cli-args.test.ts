import { describe, expect, it } from "vitest";
import { CliError, DEFAULTS, parseCliArgs } from "./cli-args";

describe("parseCliArgs", () => {
  it("has demo defaults", () => {
    expect(parseCliArgs([])).toEqual({ ...DEFAULTS, browserPort: undefined, policiesPerTenant: undefined, portalOrigins: [], help: false });
  });

  it("reads every flag, in both --flag value and --flag=value forms", () => {
    const o = parseCliArgs([
      "--port",
      "0",
      "--browser-port=0",
      "--tenants",
      "5000",
      "--seed=42",
      "--time-scale",
      "0.01",
      "--cert-dir",
      "/tmp/c",
      "--portal-origin",
      "http://localhost:3001",
      "--policies-per-tenant",
      "25",
    ]);
    expect(o).toMatchObject({
      port: 0,
      browserPort: 0,
      tenants: 5000,
      seed: 42,
      timeScale: 0.01,
      certDir: "/tmp/c",
      portalOrigins: ["http://localhost:3001"],
      policiesPerTenant: 25,
    });
  });

  it.each([
    [["--port", "70000"]],
    [["--port"]],
    [["--tenants", "0"]],
    [["--tenants", "1.5"]],
    [["--policies-per-tenant", "0"]],
    [["--time-scale", "-1"]],
    [["--time-scale", "fast"]],
    [["--portal-origin", "localhost:3000"]],
    [["--portal-origin", "http://localhost:3000/app"]],
    [["--port", "4443", "--browser-port", "4443"]],
    [["--unknown", "1"]],
    [["stray"]],
  ])("refuses %j", (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(CliError);
  });
});
