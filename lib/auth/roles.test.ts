import { describe, expect, it } from "vitest";
import { allows, roleFromAppRoles } from "./roles";

describe("roles", () => {
  it.each([
    ["reader", "reader", true],
    ["reader", "operator", false],
    ["operator", "reader", true],
    ["operator", "operator", true],
    ["operator", "admin", false],
    ["admin", "operator", true],
  ] as const)("%s may do what needs %s: %s", (granted, required, expected) => {
    expect(allows(granted, required)).toBe(expected);
  });

  it.each([null, undefined, "", "Admin", "owner", "admin ", 3, {}, ["admin"]])("grants nothing to %j", (granted) => {
    expect(allows(granted, "reader")).toBe(false);
  });

  it("refuses when the required role itself is unknown", () => {
    expect(allows("admin", "superuser" as never)).toBe(false);
  });

  it("maps Entra app roles to the highest portal role", () => {
    expect(roleFromAppRoles(["Portal.Reader", "Portal.Operator"])).toBe("operator");
    expect(roleFromAppRoles(["Something.Else"])).toBeNull();
    expect(roleFromAppRoles(undefined)).toBeNull();
  });
});
