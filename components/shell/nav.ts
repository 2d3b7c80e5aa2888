// Only pages that work are linked. Each feature adds its entry here when its page exists.
export interface NavEntry {
  href: string;
  label: string;
  icon: "status";
}

export const NAV: NavEntry[] = [{ href: "/status", label: "Status", icon: "status" }];
