import { describe, expect, it } from "vitest";
import type { GdapRelationship } from "../graph/partner-graph-contract";
import { expiryWarning, renewalOf, summarizeGdap } from "./gdap-summary";

const T = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const CA_ADMIN = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";
const READER = "5d6b6bb7-de71-4623-b4af-96380a352509";
const rel = (over: Partial<GdapRelationship>): GdapRelationship => ({
  id: crypto.randomUUID(),
  displayName: "rel",
  customerTenantId: T,
  customerDisplayName: "Contoso",
  status: "active",
  endDateTime: "2027-01-01T00:00:00Z",
  createdDateTime: null,
  activatedDateTime: null,
  autoExtendDuration: null,
  roleIds: [CA_ADMIN],
  ...over,
});

describe("GDAP summary per customer", () => {
  it("prefers an active relationship over an expired one and counts only live roles", () => {
    const [c] = summarizeGdap([
      rel({ status: "expired", roleIds: ["62e90394-69f5-4237-9190-012177145e10"], endDateTime: "2025-01-01T00:00:00Z" }),
      rel({ status: "active", roleIds: [READER, CA_ADMIN] }),
    ]);
    expect(c).toEqual({ tenantId: T, displayName: "Contoso", status: "active", roleIds: [CA_ADMIN, READER].sort(), endsAt: "2027-01-01T00:00:00Z" });
  });

  it("reports a customer whose only relationship ended, with no roles", () => {
    const [c] = summarizeGdap([rel({ status: "terminated", roleIds: [CA_ADMIN] })]);
    expect(c).toMatchObject({ status: "terminated", roleIds: [], endsAt: null });
  });

  it("takes the latest end among live relationships, and one line per customer", () => {
    const other = "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb";
    const out = summarizeGdap([
      rel({ endDateTime: "2026-12-01T00:00:00Z" }),
      rel({ status: "expiring", endDateTime: "2026-12-20T00:00:00Z" }),
      rel({ customerTenantId: other.toUpperCase(), customerDisplayName: "Fabrikam" }),
    ]);
    expect(out).toHaveLength(2);
    expect(out.find((c) => c.tenantId === T)?.endsAt).toBe("2026-12-20T00:00:00Z");
    expect(out.find((c) => c.tenantId === other)?.displayName).toBe("Fabrikam");
  });

  it.each([
    [null, null],
    ["2026-12-24T12:00:00Z", "expires in 30 days"],
    ["2026-12-26T00:00:00Z", null],
    ["2026-11-25T12:00:00Z", "expires in 1 day"],
    ["2026-11-24T13:00:00Z", "expires within a day"],
    ["2026-11-01T00:00:00Z", "expired"],
  ])("warns about access ending at %s: %s", (end, expected) => {
    expect(expiryWarning(end ? new Date(end) : null, new Date("2026-11-24T12:00:00Z"))).toBe(expected);
  });
});

describe("a relationship's renewal in words", () => {
  it.each([
    ["PT0S", "does not renew"],
    ["P0D", "does not renew"],
    ["P180D", "renews by 180 days"],
    [null, null],
  ])("%s -> %s", (duration, words) => {
    expect(renewalOf(duration)).toBe(words);
  });
});
