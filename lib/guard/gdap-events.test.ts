import { describe, expect, it } from "vitest";
import { gdapEvents, type CustomerGdapState } from "./gdap-events";

const NOW = new Date("2026-12-06T12:00:00Z");
const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000);
const contoso = (set: Partial<CustomerGdapState> = {}): CustomerGdapState => ({
  tenantId: "cccccccc-3333-4333-8333-cccccccccccc",
  displayName: "Contoso",
  gdapStatus: "active",
  gdapEndsAt: inDays(400),
  ...set,
});
const fabrikam = (set: Partial<CustomerGdapState> = {}): CustomerGdapState => ({
  tenantId: "ffffffff-6666-4666-8666-ffffffffffff",
  displayName: "Fabrikam",
  gdapStatus: "active",
  gdapEndsAt: inDays(400),
  ...set,
});

describe("gdapEvents", () => {
  it("takes the first read as a baseline: no new customers", () => {
    expect(gdapEvents([], [contoso(), fabrikam()], NOW, new Set())).toEqual([]);
  });

  it("sees a new customer", () => {
    const events = gdapEvents([contoso()], [contoso(), fabrikam()], NOW, new Set());
    expect(events).toEqual([
      expect.objectContaining({ type: "new-customer", tenantId: fabrikam().tenantId, summary: "Fabrikam is a new customer (GDAP active)." }),
    ]);
  });

  it("sees a relationship end (expired, terminated, or gone)", () => {
    for (const to of ["expired", "terminated", "none"]) {
      const events = gdapEvents([contoso()], [contoso({ gdapStatus: to, gdapEndsAt: null })], NOW, new Set());
      expect(events.map((e) => e.type)).toEqual(["gdap-ended"]);
      expect(events[0]!.detail).toEqual({ from: "active", to });
    }
  });

  it("warns once per end date when a relationship ends within 30 days", () => {
    const ending = contoso({ gdapEndsAt: inDays(12) });
    const first = gdapEvents([contoso()], [ending], NOW, new Set());
    expect(first).toEqual([expect.objectContaining({ type: "gdap-ending", summary: "The GDAP relationship with Contoso ends in 12 days (2026-12-18)." })]);
    const warned = new Set([`${ending.tenantId}|${ending.gdapEndsAt!.toISOString()}`]);
    expect(gdapEvents([ending], [ending], NOW, warned)).toEqual([]);
    // Renewed, then ending again on a new date: warned again.
    const again = contoso({ gdapEndsAt: inDays(20) });
    expect(gdapEvents([ending], [again], NOW, warned).map((e) => e.type)).toEqual(["gdap-ending"]);
  });

  it("does not warn about a relationship ending in more than 30 days, or one that gives no access", () => {
    expect(gdapEvents([contoso()], [contoso({ gdapEndsAt: inDays(31) })], NOW, new Set())).toEqual([]);
    expect(gdapEvents([contoso({ gdapStatus: "expired" })], [contoso({ gdapStatus: "expired", gdapEndsAt: inDays(3) })], NOW, new Set())).toEqual([]);
  });
});
