// The pure What If evaluation: the same inputs and outputs as Graph's
// `POST /identity/conditionalAccess/evaluate` for the partner's service provider
// (https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate), per policy `policyApplies`
// and `analysisReasons` (whatIfAnalysisReasons: `notSet` when the policy applies, otherwise the
// condition that does not match, https://learn.microsoft.com/graph/api/resources/whatifanalysisresult).
// Graph evaluates only the policies that exist; this one also evaluates planned ones (a fix's
// preview). The local cloud's own evaluation (emulator/login/ca-evaluation.ts) is its oracle.
import { effectiveTypes, SERVICE_PROVIDER } from "./guest-scope";
import { containsId, hasKeyword, isKeyword, sameId, USER_KEYWORD } from "./ids";
import { ipInRange } from "./ip-range";
import type { CaPolicy, GuestsOrExternalUsersScope } from "./policy-model";
import { isPlainObject, toPolicy } from "./read-policy";
import { grantRequirement, type GrantRequirement } from "./sign-in-grant";
import { APP_GROUPS, type SignInScenario } from "./sign-in-scenarios";

/** whatIfAnalysisReasons members this evaluation produces (Graph's names). */
export type AnalysisReason =
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

export interface EvaluationContext {
  partnerTenantId: string;
  /** Directory roles the partner's GDAP relationships grant in the tenant (what a GDAP token carries). */
  gdapRoleTemplateIds: readonly string[];
  /** The tenant's named locations as Graph JSON; undefined when not read (named-location conditions are then uncertain). */
  namedLocations?: readonly unknown[];
}

export interface PolicyEvaluation {
  policyId: string;
  displayName: string;
  state: string;
  policyApplies: boolean;
  analysisReasons: AnalysisReason;
  /** Why, in words. */
  why: string;
  grant: GrantRequirement;
  /** What this evaluation could not know for certain (empty when certain). */
  uncertain: string[];
}

export function evaluateSignIn(policies: readonly unknown[], scenario: SignInScenario, context: EvaluationContext): PolicyEvaluation[] {
  return policies.map((input) => evaluatePolicy(toPolicy(input), scenario, context));
}

export function evaluatePolicy(policy: CaPolicy, scenario: SignInScenario, context: EvaluationContext): PolicyEvaluation {
  const uncertain: string[] = [];
  const grant = grantRequirement(policy);
  const base = { policyId: policy.id ?? "", displayName: policy.displayName ?? "", state: policy.state ?? "", grant };
  const notApplying = firstNotApplying(policy, scenario, context, uncertain);
  if (notApplying) return { ...base, policyApplies: false, analysisReasons: notApplying.reason, why: notApplying.why, uncertain };
  return { ...base, policyApplies: true, analysisReasons: "notSet", why: "every condition matches", uncertain: [...uncertain, ...grant.uncertain] };
}

type NotApplying = { reason: AnalysisReason; why: string } | null;

/** The conditions in the order both evaluations check them; the first that does not match is the reason. */
function firstNotApplying(policy: CaPolicy, scenario: SignInScenario, context: EvaluationContext, uncertain: string[]): NotApplying {
  if (policy.state === "disabled") return { reason: "policyNotEnabled", why: "the policy is off" };
  const checks: Array<() => NotApplying> = [
    () => usersCondition(policy, context, uncertain),
    () => workloadIdentities(policy),
    () => applicationsCondition(policy, scenario, uncertain),
    () => clientApps(policy, scenario),
    () => devicePlatform(policy, scenario),
    () => locationCondition(policy, scenario, context, uncertain),
    () => riskCondition(policy),
    () => devicesCondition(policy, uncertain),
    () => authenticationFlow(policy),
  ];
  for (const check of checks) {
    const result = check();
    if (result) return result;
  }
  return null;
}

// ---- users --------------------------------------------------------------------------------------

function usersCondition(policy: CaPolicy, context: EvaluationContext, uncertain: string[]): NotApplying {
  const users = policy.conditions.users;
  if (!users) {
    return policy.conditions.clientApplications
      ? { reason: "workloadIdentities", why: "it targets workload identities, not users" }
      : { reason: "users", why: "it has no users condition" };
  }
  const roles = context.gdapRoleTemplateIds;
  const hasRole = (list: readonly string[]) => list.some((role) => containsId(roles, role));
  const included =
    hasKeyword(users.includeUsers, USER_KEYWORD.all) ||
    hasKeyword(users.includeUsers, USER_KEYWORD.legacyGuests) ||
    hasRole(users.includeRoles) ||
    coversServiceProvider(users.includeGuestsOrExternalUsers, context.partnerTenantId, uncertain);
  // includeUsers ids and includeGroups never match: service providers are neither users nor group members of the customer tenant.
  if (!included) return { reason: "users", why: "it does not include the partner's service provider users" };
  if (hasKeyword(users.excludeUsers, USER_KEYWORD.legacyGuests)) {
    uncertain.push("excludeUsers holds the legacy keyword GuestsOrExternalUsers; whether it covers service provider users is not documented");
    return { reason: "users", why: "it excludes all guest and external users (legacy keyword GuestsOrExternalUsers)" };
  }
  if (hasRole(users.excludeRoles)) return { reason: "users", why: "it excludes a directory role GDAP grants" };
  if (coversServiceProvider(users.excludeGuestsOrExternalUsers, context.partnerTenantId, uncertain)) {
    return { reason: "users", why: "it excludes the partner's service provider users" };
  }
  return null;
}

function coversServiceProvider(scope: GuestsOrExternalUsersScope | null, partnerTenantId: string, uncertain: string[]): boolean {
  if (!scope || !effectiveTypes(scope).includes(SERVICE_PROVIDER)) return false;
  switch (scope.tenants.kind) {
    case "all":
    case "unspecified":
      return true;
    case "enumerated":
      return containsId(scope.tenants.members, partnerTenantId);
    case "unrecognized":
      uncertain.push(`external tenants of kind '${scope.tenants.membershipKind ?? "(none)"}' are not understood`);
      return false;
  }
}

function workloadIdentities(policy: CaPolicy): NotApplying {
  if ((policy.conditions.clientApplications?.includeServicePrincipals.length ?? 0) > 0) {
    return { reason: "workloadIdentities", why: "it targets workload identities" };
  }
  return null;
}

// ---- applications -------------------------------------------------------------------------------

function applicationsCondition(policy: CaPolicy, scenario: SignInScenario, uncertain: string[]): NotApplying {
  const apps = policy.conditions.applications;
  if (!apps) return { reason: "application", why: "it has no applications condition" };
  if (apps.includeApplications.length === 0) {
    if (apps.includeUserActions.length > 0) return { reason: "userActions", why: "it targets user actions, not apps" };
    if (apps.includeAuthenticationContextClassReferences.length > 0)
      return { reason: "authenticationContext", why: "it targets authentication contexts, not apps" };
    return { reason: "application", why: "it targets no app" };
  }
  if (apps.applicationFilter) uncertain.push("an application filter is not evaluated");
  const names = (appId: string, list: readonly string[]) =>
    list.some(
      (entry) => sameId(entry, appId) || Object.entries(APP_GROUPS).some(([group, ids]) => isKeyword(entry, group) && ids.some((id) => sameId(id, appId))),
    );
  const reached = scenario.applicationIds.some(
    (appId) => (hasKeyword(apps.includeApplications, "All") || names(appId, apps.includeApplications)) && !names(appId, apps.excludeApplications),
  );
  return reached ? null : { reason: "application", why: "it does not target the apps of this sign-in" };
}

function clientApps(policy: CaPolicy, scenario: SignInScenario): NotApplying {
  const types = policy.conditions.clientAppTypes.map((t) => t.toLowerCase());
  if (types.length === 0 || types.includes("all") || types.includes(scenario.clientAppType.toLowerCase())) return null;
  return { reason: "clientApps", why: `it does not target ${scenario.clientAppType === "browser" ? "browsers" : "mobile apps and desktop clients"}` };
}

// ---- platform, location, risk, device -----------------------------------------------------------

function devicePlatform(policy: CaPolicy, scenario: SignInScenario): NotApplying {
  const platforms = policy.conditions.platforms;
  if (!platforms || platforms.includePlatforms.length === 0) return null;
  const include = platforms.includePlatforms.map((p) => p.toLowerCase());
  const exclude = platforms.excludePlatforms.map((p) => p.toLowerCase());
  const platform = scenario.devicePlatform?.toLowerCase() ?? null;
  // An unknown platform is covered only by "all", and no exclusion can name it.
  if (platform === null)
    return include.includes("all") ? null : { reason: "devicePlatform", why: "the platform is unknown and it targets only some platforms" };
  if (!include.includes("all") && !include.includes(platform)) return { reason: "devicePlatform", why: `it does not target ${scenario.devicePlatform}` };
  if (exclude.includes(platform)) return { reason: "devicePlatform", why: `it excludes ${scenario.devicePlatform}` };
  return null;
}

function locationCondition(policy: CaPolicy, scenario: SignInScenario, context: EvaluationContext, uncertain: string[]): NotApplying {
  const locations = policy.conditions.locations;
  if (!locations || locations.includeLocations.length === 0) return null;
  const here = locationsContaining(context.namedLocations ?? [], scenario);
  const known = new Set((context.namedLocations ?? []).map((l) => (isPlainObject(l) && typeof l.id === "string" ? l.id.toLowerCase() : "")));
  const matches = (ref: string) => {
    if (isKeyword(ref, "All")) return true;
    if (isKeyword(ref, "AllTrusted")) return here.trusted;
    if (!known.has(ref.toLowerCase())) uncertain.push(`the named location ${ref} was not read`);
    return here.ids.has(ref.toLowerCase());
  };
  if (!locations.includeLocations.some(matches)) return { reason: "location", why: "it does not target the sign-in's location" };
  if (locations.excludeLocations.some(matches)) return { reason: "location", why: "it excludes the sign-in's location" };
  return null;
}

/**
 * The named locations the sign-in is in: IP locations whose ranges hold its address, country
 * locations that list its country or, when the country is unknown, include unknown countries.
 * Trusted only through a trusted IP location.
 */
export function locationsContaining(
  namedLocations: readonly unknown[],
  scenario: Pick<SignInScenario, "ipAddress" | "country">,
): { ids: Set<string>; trusted: boolean } {
  const ids = new Set<string>();
  let trusted = false;
  for (const raw of namedLocations) {
    if (!isPlainObject(raw) || typeof raw.id !== "string") continue;
    const id = raw.id.toLowerCase();
    const type = typeof raw["@odata.type"] === "string" ? raw["@odata.type"] : "";
    if (type.endsWith("ipNamedLocation")) {
      const ranges = Array.isArray(raw.ipRanges) ? raw.ipRanges : [];
      const inside =
        scenario.ipAddress !== null &&
        ranges.some((r) => isPlainObject(r) && typeof r.cidrAddress === "string" && ipInRange(scenario.ipAddress as string, r.cidrAddress));
      if (inside) {
        ids.add(id);
        if (raw.isTrusted === true) trusted = true;
      }
    } else if (type.endsWith("countryNamedLocation")) {
      const countries = Array.isArray(raw.countriesAndRegions) ? raw.countriesAndRegions : [];
      const listed = scenario.country !== null && countries.some((c) => typeof c === "string" && sameId(c, scenario.country as string));
      if (listed || (scenario.country === null && raw.includeUnknownCountriesAndRegions === true)) ids.add(id);
    }
  }
  return { ids, trusted };
}

/** The service provider's user and sign-in risk are none; insider and service-principal risk never match it. */
function riskCondition(policy: CaPolicy): NotApplying {
  const c = policy.conditions;
  const misses = (levels: string[]) => levels.length > 0 && !levels.some((l) => l.toLowerCase() === "none");
  if (misses(c.userRiskLevels)) return { reason: "userRisk", why: "it targets user risk levels above none" };
  if (misses(c.signInRiskLevels)) return { reason: "signInRisk", why: "it targets sign-in risk levels above none" };
  if (c.servicePrincipalRiskLevels.length > 0) return { reason: "workloadIdentities", why: "service principal risk targets workload identities" };
  if (c.insiderRiskLevels.filter((l) => l.toLowerCase() !== "none").length > 0) return { reason: "insiderRisk", why: "it targets insider risk levels" };
  return null;
}

/** The device is not registered in the customer tenant: an include filter never matches it. */
function devicesCondition(policy: CaPolicy, uncertain: string[]): NotApplying {
  const filter = policy.conditions.devices?.deviceFilter;
  if (filter?.mode === "include") return { reason: "devices", why: "its device filter (include) does not match an unregistered device" };
  if (filter?.mode === "exclude") uncertain.push("a device filter (exclude) is read as excluding nothing for an unregistered device");
  return null;
}

function authenticationFlow(policy: CaPolicy): NotApplying {
  const methods = policy.conditions.authenticationFlows?.transferMethods.filter((m) => m.toLowerCase() !== "none") ?? [];
  return methods.length > 0 ? { reason: "authenticationFlow", why: "it targets device code or authentication transfer flows" } : null;
}
