// Conditional Access for a service provider's delegated sign-in into a customer tenant (the GDAP
// path). Pure: raw Graph policy and named-location JSON in, a decision out. The rules are written
// down in README.md ("Conditional Access on GDAP sign-ins"); keep the two in step. Deliberately
// independent of the portal's own CA code in lib/ (the emulator must not import it).
import { BlockList, isIP } from "node:net";
import { GRAPH_APP_ID } from "@/emulator/contract";

export type ClientAppType = "browser" | "mobileAppsAndDesktopClients";

export interface ServiceProviderSignIn {
  /** The partner user's object id; null for a What If evaluation, which names only the partner tenant. */
  userId: string | null;
  partnerTenantId: string;
  /** Directory roles the token would carry in the customer tenant (granted by GDAP). */
  roleTemplateIds: readonly string[];
  clientId: string;
  /** The sign-in page is "browser"; a token-endpoint grant by the portal's server is "mobileAppsAndDesktopClients". */
  clientAppType: ClientAppType;
  /** Methods of the original sign-in, e.g. ["pwd","mfa"]. */
  amr: readonly string[];
  /** null: no address known (a What If request without one); location conditions then match only "All". */
  ipAddress: string | null;
  /** The apps the sign-in reaches; absent: the real sign-in's two (the portal and Microsoft Graph). */
  resourceApps?: readonly ResourceApp[];
  /** Device platform (What If's devicePlatform); absent or null: unknown (a server's grant has no user agent). */
  devicePlatform?: string | null;
  /** Two-letter country (What If's country); absent or null: unknown (loopback and private addresses have none). */
  country?: string | null;
}

/** A cloud app the sign-in reaches, and the app groups a policy can name it by. */
export interface ResourceApp {
  id: string;
  groups: readonly string[];
}

/**
 * whatIfAnalysisReasons (https://learn.microsoft.com/graph/api/resources/whatifanalysisresult): the
 * condition that keeps a policy from applying, one value, `notSet` when it applies.
 */
export type WhatIfReason =
  | "notSet"
  | "policyNotEnabled"
  | "users"
  | "workloadIdentities"
  | "application"
  | "userActions"
  | "authenticationContext"
  | "clientApps"
  | "devicePlatform"
  | "location"
  | "userRisk"
  | "signInRisk"
  | "insiderRisk"
  | "devices"
  | "authenticationFlow";

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
// Flags travel as one comma-separated string; exports sometimes write an array of members, which means the same.
const flags = (v: unknown): string[] =>
  (Array.isArray(v) ? strs(v).join(",") : (str(v) ?? ""))
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

export function policyApplies(
  policy: Json,
  namedLocations: readonly unknown[],
  signIn: ServiceProviderSignIn,
): { applies: boolean; why: string; reason: WhatIfReason } {
  const conditions = obj(policy.conditions);
  if (!conditions) return { applies: false, why: "no conditions", reason: "users" };
  const users = obj(conditions.users);
  // The condition each check weighs, in the order they are checked: the first that does not match is the reason.
  const checks: Array<[WhatIfReason, () => string | null]> = [
    [!users && obj(conditions.clientApplications) ? "workloadIdentities" : "users", () => usersCondition(users, signIn)],
    ["workloadIdentities", () => workloadIdentityCondition(obj(conditions.clientApplications))],
    [applicationsReason(obj(conditions.applications)), () => applicationsCondition(obj(conditions.applications), signIn)],
    ["clientApps", () => clientAppTypesCondition(conditions.clientAppTypes, signIn.clientAppType)],
    ["devicePlatform", () => platformsCondition(obj(conditions.platforms), signIn.devicePlatform ?? null)],
    ["location", () => locationsCondition(obj(conditions.locations), namedLocations, signIn.ipAddress, signIn.country ?? null)],
    ["userRisk", () => levelsCondition(conditions, "userRiskLevels")],
    ["signInRisk", () => levelsCondition(conditions, "signInRiskLevels")],
    ["workloadIdentities", () => (strs(conditions.servicePrincipalRiskLevels).length > 0 ? "service principal risk targets workload identities" : null)],
    ["insiderRisk", () => (flags(conditions.insiderRiskLevels).length > 0 ? "insider risk levels not met" : null)],
    ["devices", () => devicesCondition(obj(conditions.devices))],
    ["authenticationFlow", () => authenticationFlowsCondition(obj(conditions.authenticationFlows))],
  ];
  for (const [reason, check] of checks) {
    const notApplicable = check();
    if (notApplicable) return { applies: false, why: notApplicable, reason };
  }
  return { applies: true, why: "all conditions match", reason: "notSet" };
}

/** A policy without apps targets user actions or authentication contexts, which What If names as such. */
function applicationsReason(apps: Json | undefined): WhatIfReason {
  if (apps && strs(apps.includeApplications).length === 0) {
    if (strs(apps.includeUserActions).length > 0) return "userActions";
    if (strs(apps.includeAuthenticationContextClassReferences).length > 0) return "authenticationContext";
  }
  return "application";
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
    (s.userId !== null && includeUsers.includes(s.userId)) ||
    lower(strs(users.includeRoles)).some((r) => roles.has(r)) ||
    coversServiceProvider(obj(users.includeGuestsOrExternalUsers), s.partnerTenantId);
  // includeGroups never match: the partner's user belongs to groups in the partner tenant only.
  if (!included) return "user not included";
  const excludeUsers = strs(users.excludeUsers);
  if (excludeUsers.includes("GuestsOrExternalUsers")) return "excluded: GuestsOrExternalUsers";
  if (s.userId !== null && excludeUsers.includes(s.userId)) return "excluded: the user";
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
  const targets: readonly ResourceApp[] = s.resourceApps ?? [
    { id: s.clientId, groups: [] },
    { id: GRAPH_APP_ID, groups: ["Office365"] },
  ];
  const hit = targets.some((t) => {
    const inc = include.includes("All") || include.some((x) => x.toLowerCase() === t.id.toLowerCase()) || t.groups.some((g) => include.includes(g));
    const exc = exclude.some((x) => x.toLowerCase() === t.id.toLowerCase()) || t.groups.some((g) => exclude.includes(g));
    return inc && !exc;
  });
  return hit ? null : "none of the apps of the sign-in is targeted";
}

function clientAppTypesCondition(value: unknown, type: ClientAppType): string | null {
  // Enum members compared without case: exports write "All" for Graph's "all" (vendor/ca-corpus 048).
  const types = lower(strs(value));
  if (types.length === 0 || types.includes("all") || types.includes(type.toLowerCase())) return null;
  return `client app type ${type} not targeted`;
}

// ---- platform, location, risk, device ----------------------------------------------------------

/**
 * A real sign-in's platform is unknown: a server-side grant has no user agent, and we never sniff
 * browsers. A What If request names it (signInConditions.devicePlatform).
 */
function platformsCondition(platforms: Json | undefined, platform: string | null): string | null {
  if (!platforms) return null;
  const include = lower(strs(platforms.includePlatforms));
  if (include.length === 0) return null;
  // An unknown platform is covered only by "all", and no exclusion list can name it.
  if (platform === null) return include.includes("all") ? null : "platform (unknown) not targeted";
  const p = platform.toLowerCase();
  if (!include.includes("all") && !include.includes(p)) return `platform ${platform} not targeted`;
  if (lower(strs(platforms.excludePlatforms)).includes(p)) return `platform ${platform} excluded`;
  return null;
}

/**
 * The sign-in's location is the caller's IP: it is in an IP named location whose ranges contain
 * it, and in every country location that includes unknown countries (a loopback or private
 * address has no country). It is trusted only through a trusted IP named location.
 */
function locationsCondition(locations: Json | undefined, namedLocations: readonly unknown[], ip: string | null, country: string | null): string | null {
  if (!locations) return null;
  const include = strs(locations.includeLocations);
  if (include.length === 0) return null;
  const here = locationsContaining(namedLocations, ip, country);
  const matches = (ref: string) => ref === "All" || (ref === "AllTrusted" && here.trusted) || here.ids.has(ref.toLowerCase());
  if (!include.some(matches)) return "location not targeted";
  if (strs(locations.excludeLocations).some(matches)) return "location excluded";
  return null;
}

export function locationsContaining(
  namedLocations: readonly unknown[],
  ip: string | null,
  country: string | null = null,
): { ids: Set<string>; trusted: boolean } {
  const ids = new Set<string>();
  let trusted = false;
  const family = ip !== null && isIP(ip) === 6 ? "ipv6" : "ipv4";
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
      if (ip !== null && isIP(ip) && list.check(ip, family)) {
        ids.add(id);
        if (loc.isTrusted === true) trusted = true;
      }
    } else if (type.endsWith("countryNamedLocation")) {
      // A known country is in the locations that list it; an unknown one only in those including unknown countries.
      const listed = country !== null && lower(strs(loc.countriesAndRegions)).includes(country.toLowerCase());
      if (listed || (country === null && loc.includeUnknownCountriesAndRegions === true)) ids.add(id);
    }
  }
  return { ids, trusted };
}

/** User and sign-in risk are "none"; insider and service-principal risk never apply to this sign-in (checked in policyApplies). */
function levelsCondition(conditions: Json, key: "userRiskLevels" | "signInRiskLevels"): string | null {
  const levels = strs(conditions[key]);
  return levels.length > 0 && !levels.includes("none") ? `${key} does not include none` : null;
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
