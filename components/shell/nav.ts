// Only pages that work are linked. Each feature adds its entry here when its page exists.
export interface NavEntry {
  href: string;
  label: string;
  icon: "dashboard" | "tenants" | "history" | "settings" | "status";
  /** Shown only to signed-in staff (the page itself also refuses anyone else). */
  signedIn: boolean;
}

export const NAV: NavEntry[] = [
  { href: "/", label: "Dashboard", icon: "dashboard", signedIn: true },
  { href: "/tenants", label: "Tenants", icon: "tenants", signedIn: true },
  { href: "/history", label: "History", icon: "history", signedIn: true },
  { href: "/settings", label: "Settings", icon: "settings", signedIn: true },
  { href: "/status", label: "Status", icon: "status", signedIn: false },
];
