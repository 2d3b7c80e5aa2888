import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PORTAL_NODE_ARGS, WORKER_NODE_ARGS } from "./worker-command";

describe("the worker command", () => {
  it("is the same for `npm run worker` as for the launcher, the benchmark and the tests", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.worker).toBe(["node", ...WORKER_NODE_ARGS].join(" "));
  });

  it("`npm start` is the portal server the launcher starts (the one that stamps the socket address)", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(["node", ...PORTAL_NODE_ARGS].join(" "));
  });
});
