import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { navFor } from "./nav";

// lib/auth/roles.ts's order (its own tests cover failing closed); components take only types from lib.
const RANK: Record<string, number> = { reader: 1, operator: 2, admin: 3 };
const holds = (held: string) => (role: Role) => (RANK[held] ?? 0) >= (RANK[role] ?? 99);
const labels = (user: { role: string } | null) => navFor(user ? { holds: holds(user.role) } : null).map((e) => e.label);

describe("navFor", () => {
  it("shows only public pages to someone not signed in", () => {
    expect(labels(null)).toEqual(["Status"]);
  });

  it("shows readers every page they may open, and not the bulk fix", () => {
    expect(labels({ role: "reader" })).toEqual(["Dashboard", "Tenants", "Partner tenant", "History", "Settings", "Status"]);
  });

  it("shows operators and admins the bulk fix, and only admins the users and the tenant groups", () => {
    expect(labels({ role: "operator" })).toContain("Bulk fix");
    expect(labels({ role: "operator" })).not.toContain("Users");
    expect(labels({ role: "operator" })).not.toContain("Tenant groups");
    expect(labels({ role: "admin" })).toEqual([
      "Dashboard",
      "Tenants",
      "Bulk fix",
      "Partner tenant",
      "History",
      "Audit log",
      "Users",
      "Tenant groups",
      "Alerts",
      "Settings",
      "Status",
    ]);
  });

  it("shows the audit log and the alerts to admins only", () => {
    expect(labels({ role: "operator" })).not.toContain("Audit log");
    expect(labels({ role: "operator" })).not.toContain("Alerts");
  });

  it("fails closed on a role it does not know", () => {
    expect(labels({ role: "owner" })).not.toContain("Bulk fix");
    expect(labels({ role: "owner" })).not.toContain("Audit log");
  });
});
