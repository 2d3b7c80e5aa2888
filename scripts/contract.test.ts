// `npm run contract -- --live` refuses to start without the test tenant's variables: it prints its usage
// (which says what it writes) and exits with status 2 before contacting anything.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function live(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
  // Any attempt to reach Microsoft would go to this closed port and fail differently (exit 1, not 2).
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/contract.ts", "--live"], {
    env: { ...clean, HTTPS_PROXY: "http://127.0.0.1:9", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

// Each case starts Node with tsx: seconds on a busy machine.
describe("npm run contract -- --live", { timeout: 60_000 }, () => {
  it("refuses to start without the test-tenant variables, printing the usage and what is missing", () => {
    const r = live({});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: npm run contract -- --live");
    expect(r.stderr).toContain("deletes them at the end");
    expect(r.stderr).toContain("It refuses to write to any other policy.");
    expect(r.stderr).toMatch(
      /Refusing to start: CONTRACT_TENANT_ID is not set; CONTRACT_CLIENT_ID is not set; .*CONTRACT_WRITE_ONLY_CLIENT_SECRET is not set\./,
    );
    expect(r.stdout).not.toContain("Contract suite against");
  });

  it("names exactly what is missing or invalid when some variables are given", () => {
    const r = live({ CONTRACT_TENANT_ID: "contoso.onmicrosoft.com", CONTRACT_CLIENT_ID: "a", CONTRACT_CLIENT_SECRET: "s" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "Refusing to start: CONTRACT_WRITE_ONLY_CLIENT_ID is not set; CONTRACT_WRITE_ONLY_CLIENT_SECRET is not set; CONTRACT_TENANT_ID is not a tenant id (GUID).",
    );
  });

  it("prints the usage on --help", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/contract.ts", "--help"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: npm run contract -- --live");
  });
});
