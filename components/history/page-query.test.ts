import { describe, expect, it } from "vitest";
import { FIRST_PAGE, historyCsvAddress, historyQueryString } from "./page-query";

const TENANT = "aaaaaaaa-5555-4555-8555-aaaaaaaaaaaa";

describe("history's server queries", () => {
  it("asks for the grid's page and order and the address's filters; leaves out empty ones", () => {
    expect(historyQueryString({ ...FIRST_PAGE, filter: {} })).toBe("page=0&pageSize=50&dir=desc");
    expect(historyQueryString({ page: 3, pageSize: 100, dir: "asc", filter: { to: "2026-11-30", user: " ada ", tenant: TENANT, result: "failed" } })).toBe(
      `page=3&pageSize=100&tenant=${TENANT}&user=ada&result=failed&to=2026-11-30&dir=asc`,
    );
  });

  it("downloads every change the filters match in the grid's order, whatever page is shown", () => {
    expect(historyCsvAddress({ user: "a&b", run: TENANT }, "desc")).toBe(`/api/history/csv?user=a%26b&run=${TENANT}&dir=desc`);
    expect(historyCsvAddress({}, "asc")).toBe("/api/history/csv?dir=asc");
  });
});
