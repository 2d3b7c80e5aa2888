import { describe, expect, it } from "vitest";
import { phasesText, type BrowserPhases } from "./phases";

const load = (rowsMs: number, longTaskMs: number): BrowserPhases => ({ htmlMs: 200, parsedMs: 380, rowsMs, scriptBytes: 1_340_000, scripts: 21, longTaskMs });

describe("the browser's phases", () => {
  it("says each phase's median over the loads", () => {
    expect(phasesText([load(1400, 800), load(1700, 1000), load(2100, 1200)])).toBe(
      "HTML in 200 ms · parsed 380 ms · rows 1700 ms · 21 scripts, 1.28 MB decoded · long tasks 1000 ms",
    );
  });
});
