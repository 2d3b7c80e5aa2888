import { describe, expect, it } from "vitest";
import { RequestLog } from "./request-log";

const entry = (i: number, tenantId = "t", method = "GET") => ({
  timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  requestId: `r${i}`,
  clientRequestId: `c${i}`,
  apiVersion: "v1.0" as const,
  method,
  path: i % 2 ? "/identity/conditionalAccess/policies" : "/users",
  query: "",
  tenantId,
  appId: "a",
  caller: "app",
  status: 200,
  requestBody: null,
});

describe("RequestLog", () => {
  it("keeps the newest entries of a bounded ring, oldest first", () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 5; i++) log.add(entry(i));
    expect(log.list().map((e) => e.requestId)).toEqual(["r3", "r4", "r5"]);
    expect(log.list().map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it("filters by tenant, method, path prefix, time and sequence", () => {
    const log = new RequestLog(10);
    log.add(entry(1, "a"));
    log.add(entry(2, "b", "PATCH"));
    log.add(entry(3, "a", "PATCH"));
    expect(log.list({ tenantId: "a" }).map((e) => e.requestId)).toEqual(["r1", "r3"]);
    expect(log.list({ method: "patch", pathPrefix: "/IDENTITY" }).map((e) => e.requestId)).toEqual(["r3"]);
    expect(log.list({ since: entry(2).timestamp }).map((e) => e.requestId)).toEqual(["r2", "r3"]);
    expect(log.list({ sinceSeq: 2 }).map((e) => e.requestId)).toEqual(["r3"]);
    log.clear();
    expect(log.list()).toEqual([]);
  });
});
