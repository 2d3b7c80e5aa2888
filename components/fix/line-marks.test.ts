import { describe, expect, it } from "vitest";
import { lineMark } from "./line-marks";

const BREAK_GLASS = "Excludes users: 5f1c2a8e-1d3b-4c7a-9e2f-0a1b2c3d4e5f";
const MSP = "Excludes guest or external users: service provider users from tenant MSP (your MSP tenant) (0000-…)";

describe("lineMark", () => {
  it("keeps an exclusion found on both sides: the break-glass account is not removed by the fix", () => {
    const before = ["Includes all users", BREAK_GLASS];
    const after = ["Includes all users", BREAK_GLASS, MSP];
    expect(before.map((l) => lineMark(l, after, "removed"))).toEqual(["kept", "kept"]);
    expect(after.map((l) => lineMark(l, before, "added"))).toEqual(["kept", "kept", "added"]);
  });

  it("marks the same kind of entry with other content as changing, on both sides", () => {
    const before = ["Includes all users", "Excludes guest or external users: B2B collaboration guest users from tenant A"];
    const after = ["Includes all users", "Excludes guest or external users: B2B collaboration guest users and service provider users from tenant A, MSP"];
    expect(lineMark(before[1]!, after, "removed")).toBe("changed");
    expect(lineMark(after[1]!, before, "added")).toBe("changed");
  });

  it("marks a line only on its side as removed or added; lines without a colon are compared whole", () => {
    expect(lineMark("Excludes nobody", ["Includes all users", MSP], "removed")).toBe("removed");
    expect(lineMark(MSP, ["Includes all users", "Excludes nobody"], "added")).toBe("added");
    expect(lineMark("Includes all users", ["Includes nobody (no users, groups, roles or guests selected)"], "removed")).toBe("removed");
  });
});
