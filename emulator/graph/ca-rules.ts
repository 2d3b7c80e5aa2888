// Conditional Access rules Graph enforces beyond the schema (docs/graph-contract.md §4.7, §5.3). Runs on the
// policy as it would be stored (after create defaults or after a PATCH merge), so a PATCH that
// only adds an exclusion is judged against the whole resulting policy, as Graph does.
import type { Licences } from "../fleet/model";

type Json = Record<string, unknown>;

export interface RuleViolation {
  status: number;
  code: string;
  message: string;
  /** innerError.message: where Graph is observed to put the numbered detail under a generic message. */
  innerMessage?: string;
}

export interface RuleContext {
  licences: Licences;
  securityDefaults: boolean;
  apiVersion: "v1.0" | "beta";
  /** Reproduces the reported v1.0 refusal of everyTime sign-in frequency for all cloud apps. */
  v1RefusesEveryTimeForAllApps: boolean;
  /** True when this write sets state to enabled (create with enabled, or PATCH carrying it). */
  enabling: boolean;
}

export const SCHEMA_MISMATCH_MESSAGE =
  "1007: Incoming ConditionalAccessPolicy object is null or does not match the schema of ConditionalAccessPolicy type. For examples, please see API documentation at https://docs.microsoft.com/en-us/graph/api/conditionalaccesspolicy-update?view=graph-rest-1.0.";
export const SECURITY_DEFAULTS_MESSAGE =
  "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.";
export const LEGACY_GUESTS_MESSAGE = "'GuestsOrExternalUsers' cannot be combined with guestOrExternalUsers";
export const P2_MESSAGE = "1039: Cannot create or update policies with premium P2 features. Upgrade to a premium P2 license and try again.";
export const WORKLOAD_MESSAGE =
  "1150: Cannot create or update policies with workload identity premium features. Upgrade to a Microsoft Entra Workload ID Premium license and try again.";
export const PASSWORD_CHANGE_MESSAGE = "1032: ConditionalActionPolicy validation failed due to InvalidPasswordResetControl.";
/** Graph's generic 400 text, observed over numbered CA details in innerError.message (AlexFilipin/ConditionalAccess#4). */
export const MALFORMED_MESSAGE = "The server could not process the request because it is malformed or incorrect.";
/** Observed verbatim (KelvinTegelaar/CIPP#5200) for a policy whose applications condition includes nothing. */
export const APPLICATIONS_MISSING_MESSAGE =
  "1011: 'applications' condition must specify the applications to include. Try 'includeApplications' = ['none'] to start with. For examples, please see API documentation at https://docs.microsoft.com/en-us/graph/api/conditionalaccesspolicy-update?view=graph-rest-beta.";
export const TIME_BASED_AUTH_TYPE_MESSAGE =
  "1104: 'timeBased' value for 'frequencyInterval' property in 'signInFrequency' session control only supports 'primaryAndSecondaryAuthentication' value for 'authenticationType' property.";
export const EVERY_TIME_WITH_PERIOD_MESSAGE =
  "1104: 'everyTime' value for 'frequencyInterval' property in 'signInFrequency' session control does not support 'type' and 'value' properties; they must be null.";
export const EVERY_TIME_V1_MESSAGE =
  "'everyTime' value for 'frequencyInterval' property in 'signInFrequency' session control is not supported for this policy in this API version. Please use the beta endpoint.";
export const NO_CONTROLS_MESSAGE = "A Conditional Access policy must have at least one grant control or session control.";

export function policyCapMessage(cap: number): string {
  return `The tenant has reached the maximum number of Conditional Access policies (${cap}). Delete a policy before creating a new one.`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which non-GUID keywords each id list accepts (docs/graph-contract.md §4.3-§4.5). */
const ID_LISTS: { path: string[]; keywords: string[]; what: string }[] = [
  { path: ["users", "includeUsers"], keywords: ["All", "None", "GuestsOrExternalUsers"], what: "a user object id" },
  { path: ["users", "excludeUsers"], keywords: ["GuestsOrExternalUsers"], what: "a user object id" },
  { path: ["users", "includeGroups"], keywords: [], what: "a group object id" },
  { path: ["users", "excludeGroups"], keywords: [], what: "a group object id" },
  { path: ["users", "includeRoles"], keywords: [], what: "a directory role template id" },
  { path: ["users", "excludeRoles"], keywords: [], what: "a directory role template id" },
  { path: ["applications", "includeApplications"], keywords: ["All", "None", "Office365", "MicrosoftAdminPortals"], what: "an application id" },
  { path: ["applications", "excludeApplications"], keywords: ["Office365", "MicrosoftAdminPortals"], what: "an application id" },
  { path: ["locations", "includeLocations"], keywords: ["All", "AllTrusted"], what: "a named location id" },
  { path: ["locations", "excludeLocations"], keywords: ["AllTrusted"], what: "a named location id" },
];

function obj(v: unknown): Json | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function bad(message: string): RuleViolation {
  return { status: 400, code: "BadRequest", message };
}

function checkIdLists(conditions: Json): RuleViolation | undefined {
  for (const { path, keywords, what } of ID_LISTS) {
    const parent = obj(conditions[path[0] as string]);
    if (!parent) continue;
    for (const item of list(parent[path[1] as string])) {
      if (typeof item === "string" && (GUID.test(item) || keywords.includes(item))) continue;
      return bad(
        `Invalid value '${String(item)}' in conditions.${path.join(".")}: expected ${what}${keywords.length ? ` or one of ${keywords.join(", ")}` : ""}.`,
      );
    }
  }
  return undefined;
}

function checkGuests(users: Json): RuleViolation | undefined {
  for (const side of ["include", "exclude"] as const) {
    const legacy = list(users[`${side}Users`]).includes("GuestsOrExternalUsers");
    const guests = obj(users[`${side}GuestsOrExternalUsers`]);
    if (legacy && guests) return bad(LEGACY_GUESTS_MESSAGE);
    const tenants = guests ? obj(guests.externalTenants) : null;
    if (!tenants) continue;
    const type = String(tenants["@odata.type"] ?? "");
    const kind = tenants.membershipKind;
    if (
      (type.endsWith("AllExternalTenants") && kind !== "all" && kind !== null && kind !== undefined) ||
      (type.endsWith("EnumeratedExternalTenants") && kind !== "enumerated" && kind !== null && kind !== undefined)
    ) {
      return bad(SCHEMA_MISMATCH_MESSAGE);
    }
    if (type.endsWith("EnumeratedExternalTenants")) {
      const members = list(tenants.members);
      if (members.length === 0)
        return bad(`externalTenants of ${side}GuestsOrExternalUsers must list at least one tenant when membershipKind is 'enumerated'.`);
      for (const m of members)
        if (typeof m !== "string" || !GUID.test(m)) return bad(`Invalid tenant id '${String(m)}' in ${side}GuestsOrExternalUsers.externalTenants.members.`);
    }
  }
  return undefined;
}

function hasEffectiveGrant(grant: Json | null): boolean {
  if (!grant) return false;
  return (
    list(grant.builtInControls).length > 0 ||
    list(grant.termsOfUse).length > 0 ||
    list(grant.customAuthenticationFactors).length > 0 ||
    obj(grant.authenticationStrength) !== null
  );
}

function checkSignInFrequency(policy: Json, ctx: RuleContext): RuleViolation | undefined {
  const sif = obj(obj(policy.sessionControls)?.signInFrequency);
  if (!sif || sif.isEnabled !== true) return undefined;
  const interval = sif.frequencyInterval ?? "timeBased";
  if (interval === "everyTime") {
    if (sif.type != null || sif.value != null) return bad(EVERY_TIME_WITH_PERIOD_MESSAGE);
    const allApps = list(obj(obj(policy.conditions)?.applications)?.includeApplications).includes("All");
    if (ctx.apiVersion === "v1.0" && ctx.v1RefusesEveryTimeForAllApps && allApps) return bad(EVERY_TIME_V1_MESSAGE);
    return undefined;
  }
  if (interval === "timeBased") {
    if (sif.authenticationType === "secondaryAuthentication") return bad(TIME_BASED_AUTH_TYPE_MESSAGE);
    if (sif.type == null || sif.value == null) return bad("'timeBased' sign-in frequency needs 'type' (days or hours) and 'value'.");
    const max = sif.type === "hours" ? 23 : 365;
    if (typeof sif.value !== "number" || sif.value < 1 || sif.value > max)
      return bad(`Sign-in frequency value must be between 1 and ${max} ${String(sif.type)}.`);
  }
  return undefined;
}

function checkPasswordChange(policy: Json, conditions: Json): RuleViolation | undefined {
  const grant = obj(policy.grantControls);
  const controls = list(grant?.builtInControls);
  if (!controls.includes("passwordChange")) return undefined;
  const ok =
    grant?.operator === "AND" &&
    controls.includes("mfa") &&
    list(conditions.userRiskLevels).length > 0 &&
    list(obj(conditions.applications)?.includeApplications).includes("All");
  // Observed: generic top-level message, the numbered detail in innerError.message (AlexFilipin/ConditionalAccess#4).
  return ok ? undefined : { status: 400, code: "BadRequest", message: MALFORMED_MESSAGE, innerMessage: PASSWORD_CHANGE_MESSAGE };
}

function checkLicences(conditions: Json, licences: Licences): RuleViolation | undefined {
  const riskBased = list(conditions.userRiskLevels).length > 0 || list(conditions.signInRiskLevels).length > 0;
  if (riskBased && !licences.entraP2) return { status: 400, code: "BadRequest", message: P2_MESSAGE };
  const workload = obj(conditions.clientApplications) !== null || list(conditions.servicePrincipalRiskLevels).length > 0;
  if (workload && !licences.workloadIdentities) return { status: 400, code: "BadRequest", message: WORKLOAD_MESSAGE };
  return undefined;
}

/** The first rule the policy breaks, or undefined. */
export function checkPolicyRules(policy: Json, ctx: RuleContext): RuleViolation | undefined {
  const conditions = obj(policy.conditions);
  if (!conditions) return bad(SCHEMA_MISMATCH_MESSAGE);
  // No applications condition: Graph's 1011 (observed verbatim, KelvinTegelaar/CIPP#5200). An applications
  // condition that includes nothing is not refused here (unverified: the corpus has Global Secure Access policies
  // exported that way).
  if (!obj(conditions.applications)) return bad(APPLICATIONS_MISSING_MESSAGE);
  const users = obj(conditions.users);
  if (!users && !obj(conditions.clientApplications)) return bad(SCHEMA_MISMATCH_MESSAGE);
  const grant = obj(policy.grantControls);
  if (grant && list(grant.builtInControls).length > 0 && grant.operator !== "AND" && grant.operator !== "OR") return bad(SCHEMA_MISMATCH_MESSAGE);
  if (!hasEffectiveGrant(grant) && !obj(policy.sessionControls)) return bad(NO_CONTROLS_MESSAGE);
  return (
    checkIdLists(conditions) ??
    (users ? checkGuests(users) : undefined) ??
    checkSignInFrequency(policy, ctx) ??
    checkPasswordChange(policy, conditions) ??
    checkLicences(conditions, ctx.licences) ??
    (ctx.enabling && ctx.securityDefaults ? bad(SECURITY_DEFAULTS_MESSAGE) : undefined)
  );
}

/**
 * Graph condenses session controls that do nothing to null (docs/graph-contract.md §4.7): a control switched
 * off is dropped, and sessionControls with no effective control becomes null.
 */
export function condenseSessionControls(policy: Json): Json {
  const sc = obj(policy.sessionControls);
  if (!sc) return { ...policy, sessionControls: null };
  const out: Json = {};
  let effective = false;
  for (const [k, v] of Object.entries(sc)) {
    const control = obj(v);
    if (control && control.isEnabled === false) out[k] = null;
    else out[k] = v;
    if (k === "disableResilienceDefaults" ? v === true : obj(out[k]) !== null) effective = true;
  }
  return { ...policy, sessionControls: effective ? out : null };
}

/** Object ids a request body must name from the tenant's directory, by the list they sit in. */
const REFERENCE_LISTS: { key: string; kind: "user" | "group" }[] = [
  { key: "includeUsers", kind: "user" },
  { key: "excludeUsers", kind: "user" },
  { key: "includeGroups", kind: "group" },
  { key: "excludeGroups", kind: "group" },
];

/**
 * Users and groups a create or PATCH body names must exist in the tenant. Observed: a policy naming groups the
 * tenant does not have is refused with 400 and Graph's generic message (Microsoft365DSC#2146, moving policies
 * between tenants); apps that do not exist likewise (Microsoft365DSC#2824). Only the body is checked: a stored
 * policy may keep ids of objects deleted since (Graph lists such orphans, Microsoft365DSC#2151). Roles and
 * applications are not checked (the local cloud has no catalogue of Microsoft's role templates and first-party
 * apps; emulator/README.md, Behaviour table).
 */
export function checkReferences(body: Json, exists: (kind: "user" | "group", id: string) => boolean): RuleViolation | undefined {
  const users = obj(obj(body.conditions)?.users);
  if (!users) return undefined;
  for (const { key, kind } of REFERENCE_LISTS) {
    for (const item of list(users[key])) {
      if (typeof item === "string" && GUID.test(item) && !exists(kind, item.toLowerCase())) {
        return { status: 400, code: "BadRequest", message: MALFORMED_MESSAGE };
      }
    }
  }
  return undefined;
}
