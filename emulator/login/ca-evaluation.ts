// Conditional Access for a service provider's delegated sign-in into a customer tenant (the GDAP
// path). Pure: raw Graph policy and named-location JSON in, a decision out. The rules are written
// down in README.md ("Conditional Access on GDAP sign-ins"); keep the two in step. Deliberately
// independent of the portal's own CA code in lib/ (the emulator must not import it).
import { BlockList, isIP } from "node:net";
import { GRAPH_APP_ID } from "@/emulator/contract";

export type ClientAppType = "browser" | "mobileAppsAndDesktopClients";

export interface ServiceProviderSignIn {
  userId: string;
  partnerTenantId: string;
  /** Directory roles the token would carry in the customer tenant (granted by GDAP). */
  roleTemplateIds: readonly string[];
  clientId: string;
  /** The sign-in page is "browser"; a token-endpoint grant by the portal's server is "mobileAppsAndDesktopClients". */
  clientAppType: ClientAppType;
  /** Methods of the original sign-in, e.g. ["pwd","mfa"]. */
  amr: readonly string[];
  ipAddress: string;
}

export type GrantOutcome = "satisfied" | "mfa-required" | "blocked";

export interface PolicyVerdict {
  policyId: string;
  displayName: string;
  outcome: GrantOutcome;
  reason: string;
}

export type CaDecision =
  | { kind: "allow"; applied: PolicyVerdict[] }
  | { kind: "block"; blocking: PolicyVerdict[]; applied: PolicyVerdict[] }
  | { kind: "mfa-required"; requiring: PolicyVerdict[]; applied: PolicyVerdict[] };

/** Built-in authentication strengths (Graph ids). Only the MFA one is satisfied by password + MFA. */
export const AUTH_STRENGTH = {
  mfa: "00000000-0000-0000-0000-000000000002",
  passwordlessMfa: "00000000-0000-0000-0000-000000000003",
  phishingResistantMfa: "00000000-0000-0000-0000-000000000004",
} as const;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
const flags = (v: unknown): string[] =>
  (str(v) ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== "none");

export function evaluateServiceProviderSignIn(policies: readonly unknown[], namedLocations: readonly unknown[], signIn: ServiceProviderSignIn): CaDecision {
  const applied: PolicyVerdict[] = [];
  for (const raw of policies) {
    const policy = obj(raw);
    if (!policy || str(policy.state) !== "enabled") continue; // report-only and disabled never block
    const applicability = policyApplies(policy, namedLocations, signIn);
    if (!applicability.applies) continue;
    const grant = evaluateGrantControls(policy.grantControls, signIn.amr);
    applied.push({
      policyId: str(policy.id) ?? "(no id)",
      displayName: str(policy.displayName) ?? "",
      outcome: grant.outcome,
      reason: grant.reason,
    });
  }
  const blocking = applied.filter((v) => v.outcome === "blocked");
  if (blocking.length > 0) return { kind: "block", blocking, applied };
  const requiring = applied.filter((v) => v.outcome === "mfa-required");
  if (requiring.length > 0) return { kind: "mfa-required", requiring, applied };
  return { kind: "allow", applied };
}

export function policyApplies(policy: Json, namedLocations: readonly unknown[], signIn: ServiceProviderSignIn): { applies: boolean; why: string } {
  const conditions = obj(policy.conditions);
  if (!conditions) return { applies: false, why: "no conditions" };
  const checks: Array<() => string | null> = [
    () => usersCondition(obj(conditions.users), signIn),
    () => workloadIdentityCondition(obj(conditions.clientApplications)),
    () => applicationsCondition(obj(conditions.applications), signIn),
    () => clientAppTypesCondition(conditions.clientAppTypes, signIn.clientAppType),
    () => platformsCondition(obj(conditions.platforms)),
    () => locationsCondition(obj(conditions.locations), namedLocations, signIn.ipAddress),
    () => riskCondition(conditions),
    () => devicesCondition(obj(conditions.devices)),
    () => authenticationFlowsCondition(obj(conditions.authenticationFlows)),
  ];
  for (const check of checks) {
    const notApplicable = check();
    if (notApplicable) return { applies: false, why: notApplicable };
  }
  return { applies: true, why: "all conditions match" };
}

// ---- users -------------------------------------------------------------------------------------

/** Returns why the policy does not apply to the user, or null when it does. */
export function usersCondition(users: Json | undefined, s: ServiceProviderSignIn): string | null {
  if (!users) return "no users condition (workload identity policy)";
  const roles = new Set(lower([...s.roleTemplateIds]));
  const includeUsers = strs(users.includeUsers);
  const included =
    includeUsers.includes("All") ||
    includeUsers.includes("GuestsOrExternalUsers") ||
    includeUsers.includes(s.userId) ||
    lower(strs(users.includeRoles)).some((r) => roles.has(r)) ||
    coversServiceProvider(obj(users.includeGuestsOrExternalUsers), s.partnerTenantId);
  // includeGroups never match: the partner's user belongs to groups in the partner tenant only.
  if (!included) return "user not included";
  const excludeUsers = strs(users.excludeUsers);
  if (excludeUsers.includes("GuestsOrExternalUsers")) return "excluded: GuestsOrExternalUsers";
  if (excludeUsers.includes(s.userId)) return "excluded: the user";
  if (lower(strs(users.excludeRoles)).some((r) => roles.has(r))) return "excluded: a role the token carries";
  if (coversServiceProvider(obj(users.excludeGuestsOrExternalUsers), s.partnerTenantId)) return "excluded: service provider users";
  return null;
}

/** Does a guestsOrExternalUsers object name service-provider users of this partner tenant? */
export function coversServiceProvider(guests: Json | undefined, partnerTenantId: string): boolean {
  if (!guests) return false;
  if (!flags(guests.guestOrExternalUserTypes).includes("serviceprovider")) return false;
  const tenants = obj(guests.externalTenants);
  // Graph requires externalTenants with a non-empty type set; treat its absence as "all tenants".
  if (!tenants) return true;
  const kind = str(tenants.membershipKind);
  if (kind === "all") return true;
  if (kind === "enumerated") return lower(strs(tenants.members)).includes(partnerTenantId.toLowerCase());
  return false;
}

function workloadIdentityCondition(clientApps: Json | undefined): string | null {
  if (clientApps && strs(clientApps.includeServicePrincipals).length > 0) return "targets workload identities";
  return null;
}

// ---- applications ------------------------------------------------------------------------------

/**
 * The sign-in reaches two cloud apps: the portal (the id_token audience) and Microsoft Graph (the
 * access token audience). The policy applies when it includes one of them and does not exclude
 * that same one. Graph counts as part of the Office365 group.
 */
export function applicationsCondition(apps: Json | undefined, s: ServiceProviderSignIn): string | null {
  if (!apps) return "no applications condition";
  const include = strs(apps.includeApplications);
  const exclude = strs(apps.excludeApplications);
  if (include.length === 0) return "targets user actions or authentication contexts, not apps";
  const targets = [
    { id: s.clientId, groups: [] as string[] },
    { id: GRAPH_APP_ID, groups: ["Office365"] },
  ];
  const hit = targets.some((t) => {
    const inc = include.includes("All") || include.some((x) => x.toLowerCase() === t.id.toLowerCase()) || t.groups.some((g) => include.includes(g));
    const exc = exclude.some((x) => x.toLowerCase() === t.id.toLowerCase()) || t.groups.some((g) => exclude.includes(g));
    return inc && !exc;
  });
  return hit ? null : "neither the portal app nor Microsoft Graph is targeted";
}

function clientAppTypesCondition(value: unknown, type: ClientAppType): string | null {
  const types = strs(value);
  if (types.length === 0 || types.includes("all") || types.includes(type)) return null;
  return `client app type ${type} not targeted`;
}

// ---- platform, location, risk, device ----------------------------------------------------------

/** The platform is unknown: a server-side grant has no user agent, and we never sniff browsers. */
function platformsCondition(platforms: Json | undefined): string | null {
  if (!platforms) return null;
  const include = strs(platforms.includePlatforms);
  if (include.length === 0) return null;
  // An unknown platform is covered only by "all", and no exclusion list can name it.
  return include.includes("all") ? null : "platform (unknown) not targeted";
}

/**
 * The sign-in's location is the caller's IP: it is in an IP named location whose ranges contain
 * it, and in every country location that includes unknown countries (a loopback or private
 * address has no country). It is trusted only through a trusted IP named location.
 */
function locationsCondition(locations: Json | undefined, namedLocations: readonly unknown[], ip: string): string | null {
  if (!locations) return null;
  const include = strs(locations.includeLocations);
  if (include.length === 0) return null;
  const here = locationsContaining(namedLocations, ip);
  const matches = (ref: string) => ref === "All" || (ref === "AllTrusted" && here.trusted) || here.ids.has(ref.toLowerCase());
  if (!include.some(matches)) return "location not targeted";
  if (strs(locations.excludeLocations).some(matches)) return "location excluded";
  return null;
}

export function locationsContaining(namedLocations: readonly unknown[], ip: string): { ids: Set<string>; trusted: boolean } {
  const ids = new Set<string>();
  let trusted = false;
  const family = isIP(ip) === 6 ? "ipv6" : "ipv4";
  for (const raw of namedLocations) {
    const loc = obj(raw);
    const id = str(loc?.id)?.toLowerCase();
    if (!loc || !id) continue;
    const type = str(loc["@odata.type"]) ?? "";
    if (type.endsWith("ipNamedLocation")) {
      const list = new BlockList();
      for (const range of (Array.isArray(loc.ipRanges) ? loc.ipRanges : []) as unknown[]) {
        const [addr, bits] = (str(obj(range)?.cidrAddress) ?? "").split("/");
        const v = isIP(addr ?? "");
        if (!addr || !v || bits === undefined) continue;
        try {
          list.addSubnet(addr, Number(bits), v === 6 ? "ipv6" : "ipv4");
        } catch {
          // A malformed range in seeded data must not break sign-in.
        }
      }
      if (isIP(ip) && list.check(ip, family)) {
        ids.add(id);
        if (loc.isTrusted === true) trusted = true;
      }
    } else if (type.endsWith("countryNamedLocation")) {
      if (loc.includeUnknownCountriesAndRegions === true) ids.add(id);
    }
  }
  return { ids, trusted };
}

/** User and sign-in risk are "none"; insider and service-principal risk never apply to this sign-in. */
function riskCondition(conditions: Json): string | null {
  for (const key of ["userRiskLevels", "signInRiskLevels"]) {
    const levels = strs(conditions[key]);
    if (levels.length > 0 && !levels.includes("none")) return `${key} does not include none`;
  }
  if (strs(conditions.servicePrincipalRiskLevels).length > 0) return "service principal risk targets workload identities";
  if (flags(conditions.insiderRiskLevels).length > 0) return "insider risk levels not met";
  return null;
}

/** The device is unregistered: an include filter never matches it, an exclude filter never excludes it. */
function devicesCondition(devices: Json | undefined): string | null {
  const filter = obj(devices?.deviceFilter);
  if (filter && str(filter.mode) === "include") return "device filter (include) does not match an unregistered device";
  return null;
}

function authenticationFlowsCondition(flows: Json | undefined): string | null {
  if (flows && flags(flows.transferMethods).length > 0) return "targets device code or authentication transfer flows";
  return null;
}

// ---- grant controls ----------------------------------------------------------------------------

type ControlState = { state: "satisfied" | "mfa" | "impossible"; what: string };

const UNSATISFIABLE: Record<string, string> = {
  compliantdevice: "a compliant device (the device is unregistered)",
  domainjoineddevice: "a hybrid Entra joined device (the device is unregistered)",
  approvedapplication: "an approved client app",
  compliantapplication: "an app protection policy",
  passwordchange: "a password change",
  riskremediation: "risk remediation",
};

export function evaluateGrantControls(raw: unknown, amr: readonly string[]): { outcome: GrantOutcome; reason: string } {
  const grant = obj(raw);
  if (!grant) return { outcome: "satisfied", reason: "no grant controls" };
  const builtIn = lower(strs(grant.builtInControls));
  if (builtIn.includes("block")) return { outcome: "blocked", reason: "grant control: block access" };
  const didMfa = amr.includes("mfa");
  const controls: ControlState[] = [];
  for (const control of builtIn) {
    if (control === "mfa") controls.push({ state: didMfa ? "satisfied" : "mfa", what: "multifactor authentication" });
    else controls.push({ state: "impossible", what: UNSATISFIABLE[control] ?? `control '${control}'` });
  }
  for (const factor of strs(grant.customAuthenticationFactors)) controls.push({ state: "impossible", what: `custom control '${factor}'` });
  for (const terms of strs(grant.termsOfUse)) controls.push({ state: "impossible", what: `terms of use '${terms}' (not accepted)` });
  const strength = obj(grant.authenticationStrength);
  if (strength) controls.push(authenticationStrengthState(strength, didMfa));
  if (controls.length === 0) return { outcome: "satisfied", reason: "no grant requirement" };

  // A missing operator is read as AND: the stricter reading, so a malformed policy cannot open access.
  const operator = str(grant.operator)?.toUpperCase() === "OR" ? "OR" : "AND";
  const missing = controls.filter((c) => c.state !== "satisfied");
  if (operator === "OR") {
    if (controls.some((c) => c.state === "satisfied")) return { outcome: "satisfied", reason: "one of the required controls is met" };
    if (controls.some((c) => c.state === "mfa")) return { outcome: "mfa-required", reason: "requires multifactor authentication" };
    return { outcome: "blocked", reason: missing.length === 1 ? `requires ${missing[0]?.what}` : `requires one of: ${missing.map((c) => c.what).join("; ")}` };
  }
  const impossible = controls.filter((c) => c.state === "impossible");
  if (impossible.length > 0) return { outcome: "blocked", reason: `requires ${impossible.map((c) => c.what).join(" and ")}` };
  if (missing.length > 0) return { outcome: "mfa-required", reason: "requires multifactor authentication" };
  return { outcome: "satisfied", reason: "all required controls are met" };
}

/** Password + MFA satisfies the built-in MFA strength, or a custom one allowing "password,<second factor>". */
function authenticationStrengthState(strength: Json, didMfa: boolean): ControlState {
  const id = str(strength.id)?.toLowerCase();
  const combos = lower(strs(strength.allowedCombinations));
  const mfaSatisfiable =
    id === AUTH_STRENGTH.mfa ||
    (id !== AUTH_STRENGTH.passwordlessMfa && id !== AUTH_STRENGTH.phishingResistantMfa && combos.some((c) => c.startsWith("password,")));
  const name = str(strength.displayName) ?? id ?? "authentication strength";
  if (!mfaSatisfiable) return { state: "impossible", what: `authentication strength '${name}' (password + MFA does not meet it)` };
  return { state: didMfa ? "satisfied" : "mfa", what: `authentication strength '${name}'` };
}
