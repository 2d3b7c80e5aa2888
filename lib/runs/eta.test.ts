import { describe, expect, it } from "vitest";
import { estimateSecondsLeft, secondsBetween } from "./eta";

describe("estimateSecondsLeft", () => {
  it("extrapolates the rate of finished tenants", () => {
    expect(estimateSecondsLeft({ elapsedSeconds: 30, finished: 3, total: 10, ended: false })).toBe(70);
    expect(estimateSecondsLeft({ elapsedSeconds: 10, finished: 3, total: 4, ended: false })).toBe(4); // 3.33 s rounded up
  });

  it("is unknown before the first tenant finished and once the run ended; 0 when all finished", () => {
    expect(estimateSecondsLeft({ elapsedSeconds: 30, finished: 0, total: 10, ended: false })).toBeNull();
    expect(estimateSecondsLeft({ elapsedSeconds: 30, finished: 5, total: 10, ended: true })).toBeNull();
    expect(estimateSecondsLeft({ elapsedSeconds: 30, finished: 10, total: 10, ended: false })).toBe(0);
  });

  it("counts whole seconds between two times, never negative", () => {
    expect(secondsBetween(new Date("2026-11-24T10:00:00Z"), new Date("2026-11-24T10:01:30.400Z"))).toBe(90);
    expect(secondsBetween(new Date("2026-11-24T10:00:01Z"), new Date("2026-11-24T10:00:00Z"))).toBe(0);
  });
});
