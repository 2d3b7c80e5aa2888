import { describe, expect, it } from "vitest";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { isPreset, presetButtons, PRESET_NAMES, PRESETS } from "./presets";

const row = (over: Partial<TenantRow>): TenantRow => ({
  id: "t",
  displayName: "T",
  gdapStatus: "active",
  gdapRoles: [],
  gdapEndsAt: null,
  gdapWarning: null,
  accessHealth: "delegated",
  accessReason: null,
  policyCount: 3,
  needsFixCount: 0,
  needsReviewCount: 0,
  lastSyncedAt: null,
  lastSyncError: null,
  lastChangeAt: null,
  signInVerdict: null,
  signInCheckedAt: null,
  ...over,
});

describe("the tenants page's presets", () => {
  it("picks the tenants each question is about", () => {
    expect(PRESETS["needs-fix"].test(row({ needsFixCount: 1 }))).toBe(true);
    expect(PRESETS["needs-fix"].test(row({ needsReviewCount: 2 }))).toBe(true);
    expect(PRESETS["needs-fix"].test(row({}))).toBe(false);
    expect(PRESETS.blocked.test(row({ accessHealth: "blocked-by-ca" }))).toBe(true);
    expect(PRESETS.unreachable.test(row({ accessHealth: "blocked-by-ca" }))).toBe(false);
    expect(PRESETS.unreachable.test(row({ accessHealth: "gdap-inactive" }))).toBe(true);
    expect(PRESETS.unreachable.test(row({ accessHealth: "app-only" }))).toBe(false);
    expect(PRESETS.unreachable.test(row({ accessHealth: null }))).toBe(false); // never synced: not known to be unreachable
    expect(PRESETS["gdap-expiring"].test(row({ gdapWarning: "expires in 12 days" }))).toBe(true);
  });

  it("tells the GDAP sign-in (What If) apart from the sync's own sign-in being blocked", () => {
    const whatIfBlocked = row({ signInVerdict: "blocked" });
    expect(PRESETS["signin-blocked"].test(whatIfBlocked)).toBe(true);
    expect(PRESETS.blocked.test(whatIfBlocked)).toBe(false);
    expect(PRESETS["signin-blocked"].test(row({ accessHealth: "blocked-by-ca" }))).toBe(false);
    expect(PRESETS["signin-mfa"].test(row({ signInVerdict: "gets-in-after-mfa" }))).toBe(true);
    expect(PRESETS["signin-not-checked"].test(row({}))).toBe(true);
    expect(PRESETS["signin-not-checked"].test(row({ signInVerdict: "not-proven" }))).toBe(false);
  });

  it("gives the dashboard-only sign-in presets a button only while they are shown", () => {
    expect(presetButtons("all")).toEqual(["all", "needs-fix", "blocked", "unreachable", "gdap-expiring", "signin-blocked"]);
    expect(presetButtons("signin-not-checked")).toEqual([...presetButtons("all"), "signin-not-checked"]);
    expect(PRESET_NAMES).toContain("signin-gets-in");
  });

  it("accepts only its own names from the address", () => {
    expect(isPreset("blocked")).toBe(true);
    expect(isPreset("toString")).toBe(false);
    expect(isPreset(["blocked"])).toBe(false);
  });
});
