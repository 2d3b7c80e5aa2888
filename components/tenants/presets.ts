// The tenants page's preset filters (issue 20): the questions an MSP asks of the list, each one
// click, and each dashboard figure opens its own (`/tenants?show=blocked`). `title` says what a
// preset means where two sound alike; a preset `onlyWhenChosen` gets its button only while the
// address asks for it (the dashboard's GDAP sign-in figures), so the row of buttons stays short.
import type { TenantRow } from "@/lib/db/queries/tenants";

const REACHED = ["delegated", "app-only"];

interface PresetDef {
  label: string;
  title?: string;
  onlyWhenChosen?: true;
  test: (r: TenantRow) => boolean;
}

export const PRESETS = {
  all: { label: "All", test: () => true },
  "needs-fix": { label: "Needs fix or review", test: (r: TenantRow) => (r.needsFixCount ?? 0) + (r.needsReviewCount ?? 0) > 0 },
  blocked: {
    label: "Blocked by CA",
    title: "The portal's own sign-in was refused by the tenant's Conditional Access at the last sync (access health).",
    test: (r: TenantRow) => r.accessHealth === "blocked-by-ca",
  },
  unreachable: {
    label: "Unreachable",
    test: (r: TenantRow) => r.accessHealth !== null && !REACHED.includes(r.accessHealth) && r.accessHealth !== "blocked-by-ca",
  },
  "gdap-expiring": { label: "GDAP expiring", test: (r: TenantRow) => r.gdapWarning !== null },
  "signin-blocked": {
    label: "Sign-in blocked (What If)",
    title: "The newest proof of access: Graph's What If says a policy blocks a GDAP sign-in of the MSP's technicians or automation account.",
    test: (r: TenantRow) => r.signInVerdict === "blocked",
  },
  "signin-gets-in": { label: "Sign-in gets in (What If)", onlyWhenChosen: true, test: (r: TenantRow) => r.signInVerdict === "gets-in" },
  "signin-mfa": { label: "Sign-in gets in after MFA (What If)", onlyWhenChosen: true, test: (r: TenantRow) => r.signInVerdict === "gets-in-after-mfa" },
  "signin-not-proven": { label: "Sign-in not proven", onlyWhenChosen: true, test: (r: TenantRow) => r.signInVerdict === "not-proven" },
  "signin-not-checked": { label: "Sign-in not checked", onlyWhenChosen: true, test: (r: TenantRow) => r.signInVerdict === null },
} as const satisfies Record<string, PresetDef>;

export type Preset = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as Preset[];

/** The presets that get a button while `chosen` is shown. */
export function presetButtons(chosen: Preset): Preset[] {
  return PRESET_NAMES.filter((name) => name === chosen || !(PRESETS[name] as PresetDef).onlyWhenChosen);
}

export function presetTitle(name: Preset): string | undefined {
  return (PRESETS[name] as PresetDef).title;
}

export function isPreset(value: unknown): value is Preset {
  return typeof value === "string" && Object.hasOwn(PRESETS, value);
}
