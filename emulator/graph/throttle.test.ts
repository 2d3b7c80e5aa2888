import { describe, expect, it } from "vitest";
import { Throttler } from "./throttle";

describe("Throttler", () => {
  it("allows one CA request per second per tenant, shared by all apps, scaled by the time scale", () => {
    let now = 0;
    const t = new Throttler({ timeScale: 1 }, () => now);
    expect(t.takeConditionalAccess("a")).toBe(true);
    expect(t.takeConditionalAccess("a")).toBe(false);
    expect(t.takeConditionalAccess("b")).toBe(true);
    now = 999;
    expect(t.takeConditionalAccess("a")).toBe(false);
    now = 1000;
    expect(t.takeConditionalAccess("a")).toBe(true);
    const fast = new Throttler({ timeScale: 0.01 }, () => now);
    expect(fast.takeConditionalAccess("a")).toBe(true);
    expect(fast.takeConditionalAccess("a")).toBe(false);
    now += 10;
    expect(fast.takeConditionalAccess("a")).toBe(true);
  });

  it("keeps a burst capacity and never banks more than it", () => {
    let now = 0;
    const t = new Throttler({ timeScale: 1, caBurst: 2 }, () => now);
    expect([t.takeConditionalAccess("a"), t.takeConditionalAccess("a"), t.takeConditionalAccess("a")]).toEqual([true, true, false]);
    now = 60_000;
    expect([t.takeConditionalAccess("a"), t.takeConditionalAccess("a"), t.takeConditionalAccess("a")]).toEqual([true, true, false]);
  });

  it("applies the global per-app limit to everything else", () => {
    const now = 0;
    const t = new Throttler({ timeScale: 1, appPer10s: 3 }, () => now);
    expect([t.takeApp("x"), t.takeApp("x"), t.takeApp("x"), t.takeApp("x"), t.takeApp("y")]).toEqual([true, true, true, false, true]);
  });
});
