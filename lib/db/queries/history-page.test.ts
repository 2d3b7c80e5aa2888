import { describe, expect, it } from "vitest";
import { historyCsvQuery } from "./history-csv";
import { historyPageQuery, parseHistoryQuery } from "./history-page";

const TENANT = "aaaaaaaa-5555-4555-8555-aaaaaaaaaaaa";
const parse = (query: string) => parseHistoryQuery(historyPageQuery, new URLSearchParams(query));

describe("GET /api/history's query", () => {
  it("reads a page and the filters; newest first unless asked", () => {
    expect(parse("page=2&pageSize=50")).toEqual({ ok: true, query: { page: 2, pageSize: 50, sort: "at", dir: "desc" } });
    expect(parse(`page=0&pageSize=100&dir=asc&tenant=${TENANT}&user=%20ada%20&result=failed&from=2026-11-01&to=2026-11-30`)).toEqual({
      ok: true,
      query: { page: 0, pageSize: 100, sort: "at", dir: "asc", tenant: TENANT, user: "ada", result: "failed", from: "2026-11-01", to: "2026-11-30" },
    });
  });

  it("refuses bad and unknown parameters in one sentence that names each", () => {
    expect(parse("page=-1&pageSize=1000")).toEqual({ ok: false, error: "The history query is not valid: page starts at 0; pageSize must be 25, 50 or 100." });
    expect(parse("page=0&pageSize=50&tenant=../x&result=deleted&from=yesterday&sort=tenant&dir=up")).toEqual({
      ok: false,
      error:
        "The history query is not valid: tenant must be a tenant id; result must be one of pending, applied, failed, skipped; from must be a date (YYYY-MM-DD); sort must be at; dir must be asc or desc.",
    });
    expect(parse("page=0&pageSize=50&limit=1000")).toEqual({ ok: false, error: "The history query is not valid: unknown parameter limit." });
    expect(parse("pageSize=50")).toEqual({ ok: false, error: "The history query is not valid: page must be a number (0 is the first page)." });
  });

  it("has no page in the CSV's query: it is every match", () => {
    expect(parseHistoryQuery(historyCsvQuery, new URLSearchParams(`tenant=${TENANT}`))).toEqual({
      ok: true,
      query: { sort: "at", dir: "desc", tenant: TENANT },
    });
    expect(parseHistoryQuery(historyCsvQuery, new URLSearchParams("page=0"))).toEqual({
      ok: false,
      error: "The history query is not valid: unknown parameter page.",
    });
  });
});
