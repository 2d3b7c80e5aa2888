import { describe, expect, it } from "vitest";
import { signInLabel, signInState, SIGN_IN_STATES } from "./sign-in";

describe("a tenant's GDAP sign-in in words", () => {
  it("says each verdict in the words the user knows, and 'not checked' for a tenant never proven", () => {
    expect(SIGN_IN_STATES.map((s) => signInLabel(s === "not-checked" ? null : s).label)).toEqual([
      "gets in",
      "gets in after MFA",
      "blocked",
      "not proven",
      "not checked",
    ]);
    expect(signInLabel("blocked").color).toBe("error");
    expect(signInLabel("blocked").title).toMatch(/What If says a policy blocks a GDAP sign-in/);
  });

  it("reads an unknown stored word as not checked rather than showing it raw", () => {
    expect(signInState("unknown")).toBe("not-checked");
    expect(signInState("toString")).toBe("not-checked");
    expect(signInState(null)).toBe("not-checked");
  });

  it("says when the proof was made", () => {
    expect(signInLabel("gets-in", "2026-12-06T10:00:00.000Z").title).toMatch(/Checked .+\.$/);
    expect(signInLabel("gets-in").title).not.toMatch(/Checked/);
  });
});
