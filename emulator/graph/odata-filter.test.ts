import { describe, expect, it } from "vitest";
import { FilterError, parseFilter } from "./odata-filter";

const rows = [
  { id: "1", displayName: "Adele Vance", userPrincipalName: "adele@contoso.com", customer: { tenantId: "t1" }, accountEnabled: true },
  { id: "2", displayName: "Alex Wilber", userPrincipalName: "alex@contoso.com", customer: { tenantId: "t2" }, accountEnabled: false },
  { id: "3", displayName: "O'Brien", userPrincipalName: "ob@contoso.com", customer: { tenantId: "t2" }, accountEnabled: true },
];
const allowed = ["id", "displayName", "userPrincipalName", "customer/tenantId", "accountEnabled"];
const ids = (f: string) => rows.filter(parseFilter(f, allowed)).map((r) => r.id);

describe("parseFilter", () => {
  it("supports eq (case-insensitive), ne, startswith, endswith, and/or/not, parentheses and paths", () => {
    expect(ids("userPrincipalName eq 'ADELE@contoso.com'")).toEqual(["1"]);
    expect(ids("startswith(displayName,'al')")).toEqual(["2"]);
    expect(ids("endswith(userPrincipalName,'@contoso.com') and accountEnabled eq true")).toEqual(["1", "3"]);
    expect(ids("customer/tenantId eq 't2' and not (id eq '2')")).toEqual(["3"]);
    expect(ids("id eq '1' or id eq '3'")).toEqual(["1", "3"]);
    expect(ids("displayName eq 'O''Brien'")).toEqual(["3"]);
    expect(ids("id ne '1'")).toEqual(["2", "3"]);
  });

  it("refuses unsupported properties, operators and malformed input", () => {
    expect(() => parseFilter("jobTitle eq 'x'", allowed)).toThrow(FilterError);
    expect(() => parseFilter("id gt '1'", allowed)).toThrow(FilterError);
    expect(() => parseFilter("id eq 'x", allowed)).toThrow(FilterError);
    expect(() => parseFilter("(id eq '1'", allowed)).toThrow(FilterError);
    expect(() => parseFilter("id eq '1' id", allowed)).toThrow(FilterError);
  });
});
