import { describe, expect, it } from "vitest";
import { chooseAccess } from "./access";
import { GraphFailure, type TenantProblem } from "./tenant-graph-contract";

const fails = (problem: TenantProblem) => async (): Promise<string> => {
  throw new GraphFailure(problem, `${problem} happened`);
};
const works = (value: string) => async () => value;

describe("chooseAccess", () => {
  it("uses delegated when it works, without trying app-only", async () => {
    let appTried = false;
    const r = await chooseAccess("delegated", { delegated: works("d"), "app-only": async () => ((appTried = true), "a") });
    expect(r).toEqual({ path: "delegated", value: "d" });
    expect(appTried).toBe(false);
  });

  it.each(["blocked-by-ca", "no-consent", "no-gdap", "gdap-inactive", "not-connected"] as const)(
    "falls back to app-only when delegated fails with %s",
    async (problem) => {
      const r = await chooseAccess("delegated", { delegated: fails(problem), "app-only": works("a") });
      expect(r).toMatchObject({ path: "app-only", value: "a", fallbackFrom: { problem } });
    },
  );

  it("throws the delegated reason when app-only fails too", async () => {
    await expect(chooseAccess("delegated", { delegated: fails("gdap-inactive"), "app-only": fails("no-consent") })).rejects.toMatchObject({
      problem: "gdap-inactive",
    });
  });

  it.each(["throttled", "unavailable", "unknown"] as const)("does not switch paths on a %s failure", async (problem) => {
    let appTried = false;
    await expect(chooseAccess("delegated", { delegated: fails(problem), "app-only": async () => ((appTried = true), "a") })).rejects.toMatchObject({ problem });
    expect(appTried).toBe(false);
  });

  it("honours prefer: app-only first, delegated as the fallback", async () => {
    expect(await chooseAccess("app-only", { delegated: works("d"), "app-only": works("a") })).toEqual({ path: "app-only", value: "a" });
    expect(await chooseAccess("app-only", { delegated: works("d"), "app-only": fails("no-consent") })).toMatchObject({ path: "delegated", value: "d" });
  });
});
