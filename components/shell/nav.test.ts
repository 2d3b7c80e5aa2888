import { describe, expect, it } from "vitest";
import { navFor } from "./nav";

const labels = (user: { role: string } | null) => navFor(user).map((e) => e.label);

describe("navFor", () => {
  it("shows only public pages to someone not signed in", () => {
    expect(labels(null)).toEqual(["Status"]);
  });

  it("shows readers every page they may open, and not the bulk fix", () => {
    expect(labels({ role: "reader" })).toEqual(["Dashboard", "Tenants", "Partner tenant", "History", "Settings", "Status"]);
  });

  it("shows operators and admins the bulk fix", () => {
    expect(labels({ role: "operator" })).toContain("Bulk fix");
    expect(labels({ role: "admin" })).toEqual(["Dashboard", "Tenants", "Bulk fix", "Partner tenant", "History", "Settings", "Status"]);
  });

  it("fails closed on a role it does not know", () => {
    expect(labels({ role: "owner" })).not.toContain("Bulk fix");
  });
});
