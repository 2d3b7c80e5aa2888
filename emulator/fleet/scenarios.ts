// The situations an MSP meets across its customers. The first tenants of
// every fleet cover each scenario once, in this order; the rest are drawn with these weights.
import type { Prng } from "./prng";

export const SCENARIOS = [
  { tag: "healthy", weight: 25, about: "every policy that applies to the partner's technicians already excludes them" },
  { tag: "missing-exclusion", weight: 30, about: "some enabled policies apply to the partner's technicians without an exclusion" },
  { tag: "exclusion-other-guest-types", weight: 4, about: "an exclusion object exists for other guest types, not serviceProvider" },
  { tag: "exclusion-other-tenants", weight: 4, about: "serviceProvider is excluded, but for other partner tenants only" },
  { tag: "membership-all", weight: 4, about: "exclusions scoped to all external tenants (membershipKind all)" },
  { tag: "legacy-guests", weight: 4, about: "legacy GuestsOrExternalUsers keyword in excludeUsers" },
  { tag: "targets-service-providers", weight: 3, about: "a policy explicitly targets the partner's service providers" },
  { tag: "disabled-and-report-only", weight: 4, about: "policies missing the exclusion are disabled or report-only" },
  { tag: "no-p1", weight: 3, about: "no Entra ID P1 licence: Conditional Access endpoints answer 403" },
  { tag: "security-defaults", weight: 3, about: "security defaults on: enabling a policy is refused" },
  { tag: "gdap-expired", weight: 2, about: "the GDAP relationship has expired" },
  { tag: "gdap-terminated", weight: 2, about: "the GDAP relationship was terminated" },
  { tag: "gdap-read-only", weight: 3, about: "GDAP grants only Security Reader: reads work, writes are 403" },
  { tag: "no-app-consent", weight: 2, about: "the portal app is not consented in the tenant" },
  { tag: "large", weight: 1, about: "over 100 policies (paging)" },
  {
    tag: "blocked-by-ca",
    weight: 6,
    about: "an enabled policy blocks the partner's technicians (compliant device for all users); app-only consent lets the portal fix it",
  },
] as const;

export type ScenarioTag = (typeof SCENARIOS)[number]["tag"];

export function scenarioFor(index: number, prng: Prng): ScenarioTag {
  const direct = SCENARIOS[index];
  if (direct) return direct.tag;
  const total = SCENARIOS.reduce((s, x) => s + x.weight, 0);
  let r = prng.next() * total;
  for (const s of SCENARIOS) {
    r -= s.weight;
    if (r < 0) return s.tag;
  }
  return "healthy";
}
