import { describe, expect, it } from "vitest";
import { RecentMap } from "./recent-map";

describe("RecentMap", () => {
  it("drops the least recently used entry beyond its capacity; reading an entry makes it recent", () => {
    const m = new RecentMap<string, number>(3);
    m.set("a", 1);
    m.set("b", 2);
    m.set("c", 3);
    expect(m.get("a")).toBe(1); // a is now the most recent: b goes first
    m.set("d", 4);
    expect([...m.keys()]).toEqual(["c", "a", "d"]);
    expect(m.get("b")).toBeUndefined();
    m.set("c", 30); // setting again refreshes it too
    m.set("e", 5);
    expect([...m.keys()]).toEqual(["d", "c", "e"]);
    expect(m.size).toBe(3);
  });

  it("holds 10,000 tenants' worth of writes in its capacity", () => {
    const m = new RecentMap<number, string>(2_000);
    for (let i = 0; i < 10_000; i++) m.set(i, `token ${i}`);
    expect(m.size).toBe(2_000);
    expect(m.get(7_999)).toBeUndefined();
    expect(m.get(8_000)).toBe("token 8000");
  });

  it("refuses a capacity that keeps nothing", () => {
    expect(() => new RecentMap(0)).toThrow(/capacity must be a whole number ≥ 1, not 0/);
  });
});
