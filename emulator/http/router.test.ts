import { describe, expect, it } from "vitest";
import { Router } from "./router";

describe("Router", () => {
  const r = new Router<string>()
    .add("GET", "/identity/conditionalAccess/policies", "list")
    .add("GET", "/identity/conditionalAccess/policies/:id", "get")
    .add("PATCH", "/identity/conditionalAccess/policies/:id", "patch");

  it("matches literal segments case-insensitively and decodes parameters", () => {
    expect(r.match("get", "/Identity/ConditionalAccess/Policies")).toEqual({ handler: "list", params: {} });
    expect(r.match("PATCH", "/identity/conditionalAccess/policies/a%20b/")).toEqual({ handler: "patch", params: { id: "a b" } });
  });

  it("tells a wrong method from an unknown path", () => {
    expect(r.match("DELETE", "/identity/conditionalAccess/policies/x")).toBe("method-not-allowed");
    expect(r.match("GET", "/identity/conditionalAccess/nothing/x/y")).toBeUndefined();
  });

  it("captures an OData key or function parameter inside a segment (servicePrincipals(appId='…'))", () => {
    const fn = new Router<string>().add("GET", "/servicePrincipals(appId=':appid')", "sp");
    expect(fn.match("GET", "/servicePrincipals(appId='0000-ab')")).toEqual({ handler: "sp", params: { appid: "0000-ab" } });
    expect(fn.match("GET", "/serviceprincipals(appid=%270000-ab%27)")).toEqual({ handler: "sp", params: { appid: "0000-ab" } });
    expect(fn.match("GET", "/servicePrincipals(id='x')")).toBeUndefined();
    expect(fn.match("GET", "/servicePrincipals")).toBeUndefined();
  });
});
