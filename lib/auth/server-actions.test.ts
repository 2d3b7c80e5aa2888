// Every server action is a public POST endpoint. This test finds every "use server" module in the
// project and fails if any export was not built by the action client (lib/auth/action-client.ts),
// i.e. if some action could run without authentication, authorization and input validation.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { isBuiltAction } from "./action-client";

const ROOT = join(__dirname, "..", "..");
const SKIP = new Set(["node_modules", ".next", ".data", "vendor", "emulator", "test-results", ".git"]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const serverActionModules = sources(ROOT).filter((f) => /^\s*["']use server["'];?/m.test(readFileSync(f, "utf8").slice(0, 200)));

describe("server actions", () => {
  it("exist (the check below would otherwise prove nothing)", () => {
    expect(serverActionModules.map((f) => relative(ROOT, f))).toContain("app/tenants/actions.ts");
  });

  it.each(serverActionModules.map((f) => [relative(ROOT, f), f]))("every export of %s is built by the action client", async (_name, file) => {
    const mod = (await import(file)) as Record<string, unknown>;
    const exports = Object.entries(mod);
    expect(exports.length).toBeGreaterThan(0);
    for (const [name, value] of exports) expect(isBuiltAction(value), `${name} is not built with action()`).toBe(true);
  });
});
