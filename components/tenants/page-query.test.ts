import { describe, expect, it } from "vitest";
import { csvAddress, FIRST_PAGE, pageQueryString, tenantsAddress } from "./page-query";

describe("the tenants grid's server query", () => {
  it("asks for the grid's page, sort, search and preset; leaves out an empty search and All", () => {
    expect(pageQueryString({ ...FIRST_PAGE, q: "", show: "all" })).toBe("page=0&pageSize=50&sort=displayName&dir=asc");
    expect(pageQueryString({ page: 3, pageSize: 100, sort: "needsFixCount", dir: "desc", q: " Contoso Ltd ", show: "blocked" })).toBe(
      "page=3&pageSize=100&sort=needsFixCount&dir=desc&q=Contoso+Ltd&show=blocked",
    );
  });

  it("keeps the preset and the search in the page's address", () => {
    expect(tenantsAddress("all", "")).toBe("/tenants");
    expect(tenantsAddress("blocked", "")).toBe("/tenants?show=blocked");
    expect(tenantsAddress("all", "fabrikam ")).toBe("/tenants?q=fabrikam");
    expect(tenantsAddress("needs-fix", "a&b")).toBe("/tenants?show=needs-fix&q=a%26b");
  });

  it("downloads every match of the grid's sort, search and preset, whatever page is shown", () => {
    expect(csvAddress({ page: 4, pageSize: 25, sort: "needsFixCount", dir: "desc", q: " contoso ", show: "blocked" })).toBe(
      "/api/tenants/csv?sort=needsFixCount&dir=desc&q=contoso&show=blocked",
    );
    expect(csvAddress({ ...FIRST_PAGE, q: "", show: "all" })).toBe("/api/tenants/csv?sort=displayName&dir=asc");
  });
});
