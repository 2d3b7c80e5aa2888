// Only pages that work are linked. Each feature adds its entry here when its page exists.
import type { Role } from "@/lib/auth/roles";

export interface NavEntry {
  href: string;
  label: string;
  icon: "dashboard" | "tenants" | "bulk" | "partner" | "history" | "audit" | "users" | "groups" | "alerts" | "settings" | "status";
  /** Shown only to signed-in staff (the page itself also refuses anyone else). */
  signedIn: boolean;
  /** Shown only from this role up: a reader's link would lead to "forbidden", not to a page that works. */
  role?: Role;
}

export const NAV: NavEntry[] = [
  { href: "/", label: "Dashboard", icon: "dashboard", signedIn: true },
  { href: "/tenants", label: "Tenants", icon: "tenants", signedIn: true },
  { href: "/bulk", label: "Bulk fix", icon: "bulk", signedIn: true, role: "operator" },
  { href: "/partner", label: "Partner tenant", icon: "partner", signedIn: true },
  { href: "/history", label: "History", icon: "history", signedIn: true },
  { href: "/audit", label: "Audit log", icon: "audit", signedIn: true, role: "admin" },
  { href: "/users", label: "Users", icon: "users", signedIn: true, role: "admin" },
  { href: "/groups", label: "Tenant groups", icon: "groups", signedIn: true, role: "admin" },
  { href: "/alerts", label: "Alerts", icon: "alerts", signedIn: true, role: "admin" },
  { href: "/settings", label: "Settings", icon: "settings", signedIn: true },
  { href: "/status", label: "Status", icon: "status", signedIn: false },
];

/**
 * The entries this person sees: public ones, signed-in ones once signed in, role-bound ones by role.
 * `holds` is lib/auth's role check for the signed-in person (the layout passes it on the server).
 */
export function navFor(user: { holds(role: Role): boolean } | null): NavEntry[] {
  return NAV.filter((entry) => (!entry.signedIn || user !== null) && (!entry.role || (user !== null && user.holds(entry.role))));
}
