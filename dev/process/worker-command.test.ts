import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_ARGS } from "./worker-command";

describe("the worker command", () => {
  it("is the same for `npm run worker` as for the launcher, the benchmark and the tests", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.worker).toBe(["node", ...WORKER_NODE_ARGS].join(" "));
  });
});
