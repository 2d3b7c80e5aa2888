import { describe, expect, it } from "vitest";
import { formatDuration, formatTimeLeft, percent, plural } from "./format";

describe("formatDuration", () => {
  it("shows seconds, then minutes and seconds, then hours and minutes", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(44.6)).toBe("45 s");
    expect(formatDuration(60)).toBe("1 min 00 s");
    expect(formatDuration(185)).toBe("3 min 05 s");
    expect(formatDuration(3599)).toBe("59 min 59 s");
    expect(formatDuration(3600 * 2 + 7 * 60 + 30)).toBe("2 h 07 min");
  });

  it("never shows a negative duration (clock skew between server and browser)", () => {
    expect(formatDuration(-3)).toBe("0 s");
  });
});

describe("formatTimeLeft", () => {
  it("says nothing once the run ended and 'estimating' until the server knows", () => {
    expect(formatTimeLeft(30, true)).toBeNull();
    expect(formatTimeLeft(null, false)).toBe("estimating…");
  });

  it("rounds the last seconds to 'a few seconds'", () => {
    expect(formatTimeLeft(2, false)).toBe("a few seconds");
    expect(formatTimeLeft(125, false)).toBe("about 2 min 05 s");
  });
});

describe("percent", () => {
  it("floors so a bar reaches 100 only when everything is done", () => {
    expect(percent(0, 3)).toBe(0);
    expect(percent(2, 3)).toBe(66);
    expect(percent(999, 1000)).toBe(99);
    expect(percent(3, 3)).toBe(100);
  });

  it("treats an empty job as done and clamps odd figures", () => {
    expect(percent(0, 0)).toBe(100);
    expect(percent(5, 3)).toBe(100);
  });

  it("pluralises", () => {
    expect(plural(1, "tenant", "tenants")).toBe("1 tenant");
    expect(plural(0, "tenant", "tenants")).toBe("0 tenants");
  });
});
