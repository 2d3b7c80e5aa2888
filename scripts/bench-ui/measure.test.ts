import { describe, expect, it } from "vitest";
import { bytesText, spread, spreadText, targetText } from "./measure";

describe("bench:ui figures", () => {
  it("gives p50, p95 and max of the timed loads (nearest rank)", () => {
    const ms = Array.from({ length: 20 }, (_v, i) => (i + 1) * 10); // 10 … 200
    expect(spread(ms)).toEqual({ p50: 100, p95: 190, max: 200, n: 20 });
    expect(spreadText(spread([12.4, 30.6]))).toBe("p50 12 ms, p95 31 ms, max 31 ms (2 loads)");
  });

  it("says sizes in bytes, kB or MB, and whether a target is met", () => {
    expect(bytesText(512)).toBe("512 B");
    expect(bytesText(2048)).toBe("2.0 kB");
    expect(bytesText(3 * 1024 * 1024)).toBe("3.00 MB");
    expect(targetText("HTML p95", 280.2, 300)).toBe("HTML p95 ≤ 300 ms: 280 ms met");
    expect(targetText("HTML p95", 376, 300)).toBe("HTML p95 ≤ 300 ms: 376 ms MISSED");
  });
});
