// The tenants page's preset filters (issue 20): the questions an MSP asks of the list, each one
// click, and each dashboard figure opens its own (`/tenants?show=blocked`).
import type { TenantRow } from "@/lib/db/queries/tenants";

const REACHED = ["delegated", "app-only"];

export const PRESETS = {
  all: { label: "All", test: () => true },
  "needs-fix": { label: "Needs fix or review", test: (r: TenantRow) => (r.needsFixCount ?? 0) + (r.needsReviewCount ?? 0) > 0 },
  blocked: { label: "Blocked by CA", test: (r: TenantRow) => r.accessHealth === "blocked-by-ca" },
  unreachable: {
    label: "Unreachable",
    test: (r: TenantRow) => r.accessHealth !== null && !REACHED.includes(r.accessHealth) && r.accessHealth !== "blocked-by-ca",
  },
  "gdap-expiring": { label: "GDAP expiring", test: (r: TenantRow) => r.gdapWarning !== null },
} as const satisfies Record<string, { label: string; test: (r: TenantRow) => boolean }>;

export type Preset = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as Preset[];

export function isPreset(value: unknown): value is Preset {
  return typeof value === "string" && Object.hasOwn(PRESETS, value);
}
