import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

describe("post-sign-in redirect", () => {
  it.each([
    ["/tenants", "/tenants"],
    ["/tenants/abc?tab=policies", "/tenants/abc?tab=policies"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/\u0000x", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%j -> %j", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
