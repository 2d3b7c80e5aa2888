import { describe, expect, it } from "vitest";
import { GDAP_ENDED, gdapRefusal } from "./gdap-gate";

const facts = (gdapStatus: string | null, allowed = false) => ({ gdapStatus, appOnlyWritesAllowedAt: allowed ? new Date() : null });
const appOnlyAfter = (problem: "gdap-inactive" | "no-gdap" | "blocked-by-ca" | "no-consent") =>
  ({ access: "app-only", fallbackReason: { problem, message: "prose that is never read" } }) as const;

describe("GDAP ended means no writes", () => {
  it.each(["active", "expiring"])("writes while GDAP is %s", (status) => {
    expect(gdapRefusal(facts(status))).toBeNull();
    expect(gdapRefusal(facts(status), { access: "delegated" })).toBeNull();
  });

  it.each([
    ["expired", "Its GDAP relationships are expired."],
    ["terminated", "Its GDAP relationships are terminated."],
    ["approvalPending", "Its GDAP relationships are approvalPending."],
    ["none", "No GDAP relationship with it is left."],
  ])("refuses in words when the relationships the sync read are %s", (status, why) => {
    expect(gdapRefusal(facts(status))).toBe(`${GDAP_ENDED} (${why})`);
  });

  it("refuses when the GDAP sign-in was just refused (AADSTS50020) and the portal got in app-only, though the last sync saw it active", () => {
    expect(gdapRefusal(facts("active"), appOnlyAfter("gdap-inactive"))).toMatch(
      /^GDAP with this customer has ended; .*AADSTS50020, although the last sync found it active/,
    );
    expect(gdapRefusal(facts("active"), appOnlyAfter("no-gdap"))).toContain(GDAP_ENDED);
  });

  it("does not refuse app-only access for reasons that are not GDAP (the customer's Conditional Access blocks the GDAP sign-in)", () => {
    expect(gdapRefusal(facts("active"), appOnlyAfter("blocked-by-ca"))).toBeNull();
    expect(gdapRefusal(facts("active"), appOnlyAfter("no-consent"))).toBeNull();
  });

  it("writes when an admin allowed app-only writes to the tenant", () => {
    expect(gdapRefusal(facts("terminated", true))).toBeNull();
    expect(gdapRefusal(facts("terminated", true), appOnlyAfter("gdap-inactive"))).toBeNull();
  });

  it("refuses a tenant that is no customer of the partner", () => {
    expect(gdapRefusal(null)).toMatch(/not one of the partner's customers/);
  });
});
