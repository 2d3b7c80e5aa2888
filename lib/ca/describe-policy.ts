import { describeTenantScope, effectiveTypes, guestTypeName } from "./guest-scope";
import { hasKeyword, isKeyword, USER_KEYWORD } from "./ids";
import { isMicrosoftManaged, MICROSOFT_MANAGED_WORDS } from "./microsoft-managed";
import type { CaPolicy, ExtraProperty, FilterCondition, GuestsOrExternalUsersScope, UsersCondition } from "./policy-model";
import { toPolicy } from "./read-policy";
import {
  APPLICATION_NAMES,
  AUTHENTICATION_STRENGTH_NAMES,
  CLIENT_APP_TYPE_NAMES,
  CLOUD_APP_SECURITY_NAMES,
  GRANT_CONTROL_NAMES,
  LOCATION_NAMES,
  PLATFORM_NAMES,
  ROLE_NAMES,
  SERVICE_PRINCIPAL_KEYWORDS,
  STATE_NAMES,
  TRANSFER_METHOD_NAMES,
  USER_ACTION_NAMES,
  lookup,
  nameOf,
} from "./well-known-names";

export const SECTION = {
  policy: "Policy",
  users: "Users",
  workloadIdentities: "Workload identities",
  targetResources: "Target resources",
  platforms: "Device platforms",
  locations: "Locations",
  clientApps: "Client apps",
  risk: "Risk",
  deviceFilter: "Device filter",
  authenticationFlows: "Authentication flows",
  grant: "Grant",
  session: "Session",
  other: "Not in Graph v1.0 (kept as is)",
} as const;

export type SectionName = (typeof SECTION)[keyof typeof SECTION];

export interface DescriptionSection {
  section: SectionName;
  lines: string[];
}

/** Tenant-specific names the caller may know (e.g. from Graph); ids without a name are shown as ids. */
export interface DescribeOptions {
  /** Named location id -> display name. */
  namedLocations?: Readonly<Record<string, string>>;
  /** User, group or service principal object id -> display name. */
  directoryObjects?: Readonly<Record<string, string>>;
  /** External tenant id -> display name. */
  tenants?: Readonly<Record<string, string>>;
  /** Application (client) id -> display name, added to the well-known Microsoft apps. */
  applications?: Readonly<Record<string, string>>;
  /** Terms-of-use agreement id -> display name. */
  termsOfUse?: Readonly<Record<string, string>>;
  /** Custom authentication strength id -> display name. */
  authenticationStrengths?: Readonly<Record<string, string>>;
  /** Directory role template id -> display name (custom roles, built-in roles the static table lacks). */
  roles?: Readonly<Record<string, string>>;
  /** Authentication context id (c1…c99) -> display name. */
  authenticationContexts?: Readonly<Record<string, string>>;
}

/** Every condition and control of the policy in plain English, grouped the way the Entra portal groups them. */
export function describePolicy(policyInput: unknown, options: DescribeOptions = {}): DescriptionSection[] {
  const policy = toPolicy(policyInput);
  const sections: DescriptionSection[] = [
    { section: SECTION.policy, lines: policyLines(policy) },
    { section: SECTION.users, lines: usersLines(policy, options) },
  ];
  const add = (section: SectionName, lines: string[]) => {
    if (lines.length > 0) sections.push({ section, lines });
  };
  const c = policy.conditions;
  add(SECTION.workloadIdentities, workloadIdentityLines(policy, options));
  add(SECTION.targetResources, targetResourceLines(policy, options));
  add(
    SECTION.platforms,
    c.platforms ? includeExcludeLines("platforms", c.platforms.includePlatforms, c.platforms.excludePlatforms, (p) => nameOf(p, PLATFORM_NAMES)) : [],
  );
  add(
    SECTION.locations,
    c.locations
      ? includeExcludeLines("locations", c.locations.includeLocations, c.locations.excludeLocations, (l) => nameOf(l, options.namedLocations, LOCATION_NAMES))
      : [],
  );
  add(SECTION.clientApps, c.clientAppTypes.length > 0 ? [`Applies to ${c.clientAppTypes.map((t) => lookup(t, CLIENT_APP_TYPE_NAMES) ?? t).join(", ")}`] : []);
  add(SECTION.risk, riskLines(policy));
  add(SECTION.deviceFilter, c.devices?.deviceFilter ? [filterLine(c.devices.deviceFilter, "devices")] : []);
  add(
    SECTION.authenticationFlows,
    c.authenticationFlows && c.authenticationFlows.transferMethods.length > 0
      ? [`Applies to sign-ins that use ${c.authenticationFlows.transferMethods.map((m) => lookup(m, TRANSFER_METHOD_NAMES) ?? m).join(" or ")}`]
      : [],
  );
  add(SECTION.grant, grantLines(policy, options));
  add(SECTION.session, sessionLines(policy));
  add(SECTION.other, otherLines(policy.extras));
  return sections;
}

/** Alias matching the issue's wording. */
export const describe = describePolicy;

/** The description as indented text, for the command line. */
export function describeText(policyInput: unknown, options: DescribeOptions = {}): string {
  return describePolicy(policyInput, options)
    .map(({ section, lines }) => [section, ...lines.map((line) => `  ${line}`)].join("\n"))
    .join("\n\n");
}

function policyLines(policy: CaPolicy): string[] {
  const lines = [`Name: ${policy.displayName ?? "(no name)"}`];
  if (isMicrosoftManaged(policy)) lines.push(MICROSOFT_MANAGED_WORDS);
  if (policy.state === null) lines.push("State: not set");
  else lines.push(`State: ${lookup(policy.state, STATE_NAMES) ?? `${JSON.stringify(policy.state)} (not a valid state)`}`);
  if (policy.description) lines.push(`Description: ${policy.description}`);
  if (policy.id) lines.push(`Id: ${policy.id}`);
  // Every Conditional Access template is Microsoft's; its name is not read yet, so the id stands beside that label.
  if (policy.templateId) lines.push(`Created from a Microsoft template (${policy.templateId})`);
  return lines;
}

function usersLines(policy: CaPolicy, options: DescribeOptions): string[] {
  const users = policy.conditions.users;
  if (!users) {
    return [
      policy.conditions.clientApplications ? "No users condition: the policy targets workload identities (service principals) only" : "No users condition",
    ];
  }
  const include = userTargets(users, "include", options);
  const exclude = userTargets(users, "exclude", options);
  return [
    ...(include.length > 0 ? include.map((target) => `Includes ${target}`) : ["Includes nobody (no users, groups, roles or guests selected)"]),
    ...(exclude.length > 0 ? exclude.map((target) => `Excludes ${target}`) : ["Excludes nobody"]),
  ];
}

function userTargets(users: UsersCondition, side: "include" | "exclude", options: DescribeOptions): string[] {
  const ids = side === "include" ? users.includeUsers : users.excludeUsers;
  const groups = side === "include" ? users.includeGroups : users.excludeGroups;
  const roles = side === "include" ? users.includeRoles : users.excludeRoles;
  const guests = side === "include" ? users.includeGuestsOrExternalUsers : users.excludeGuestsOrExternalUsers;
  const targets: string[] = [];
  if (hasKeyword(ids, USER_KEYWORD.all)) targets.push("all users");
  if (hasKeyword(ids, USER_KEYWORD.none)) targets.push("no users (None)");
  if (hasKeyword(ids, USER_KEYWORD.legacyGuests)) targets.push("all guest and external users (legacy keyword GuestsOrExternalUsers)");
  const specific = ids.filter((id) => ![USER_KEYWORD.all, USER_KEYWORD.none, USER_KEYWORD.legacyGuests].some((k) => isKeyword(id, k)));
  if (specific.length > 0) targets.push(`users: ${specific.map((id) => nameOf(id, options.directoryObjects)).join(", ")}`);
  if (groups.length > 0) targets.push(`groups: ${groups.map((id) => nameOf(id, options.directoryObjects)).join(", ")}`);
  if (roles.length > 0) targets.push(`directory roles: ${roles.map((id) => nameOf(id, ROLE_NAMES, options.roles)).join(", ")}`);
  if (guests) targets.push(guestLine(guests, options));
  return targets;
}

function guestLine(guests: GuestsOrExternalUsersScope, options: DescribeOptions): string {
  const types = effectiveTypes(guests);
  if (types.length === 0) return "guest or external users: no types selected";
  return `guest or external users: ${joinWithAnd(types.map(guestTypeName))} ${describeTenantScope(guests.tenants, options.tenants)}`;
}

function workloadIdentityLines(policy: CaPolicy, options: DescribeOptions): string[] {
  const apps = policy.conditions.clientApplications;
  if (!apps) return [];
  const name = (id: string) => nameOf(id, SERVICE_PRINCIPAL_KEYWORDS, options.directoryObjects);
  const lines = includeExcludeLines("service principals", apps.includeServicePrincipals, apps.excludeServicePrincipals, name);
  if (apps.servicePrincipalFilter) lines.push(filterLine(apps.servicePrincipalFilter, "service principals"));
  return lines.length > 0 ? lines : ["Workload identities condition set, but no service principals selected"];
}

function targetResourceLines(policy: CaPolicy, options: DescribeOptions): string[] {
  const apps = policy.conditions.applications;
  if (!apps) return ["No target resources (applications) set"];
  const name = (id: string) => nameOf(id, options.applications, APPLICATION_NAMES);
  const lines = includeExcludeLines("cloud apps", apps.includeApplications, apps.excludeApplications, name);
  if (apps.includeUserActions.length > 0) {
    lines.push(`Applies to user actions: ${apps.includeUserActions.map((action) => nameOf(action, USER_ACTION_NAMES)).join(", ")}`);
  }
  if (apps.includeAuthenticationContextClassReferences.length > 0) {
    const context = (id: string) => {
      const name = lookup(id, options.authenticationContexts);
      return name === undefined ? id : `${name} (${id})`;
    };
    lines.push(`Applies to authentication contexts: ${apps.includeAuthenticationContextClassReferences.map(context).join(", ")}`);
  }
  if (apps.applicationFilter) lines.push(filterLine(apps.applicationFilter, "apps"));
  return lines.length > 0 ? lines : ["No cloud apps, user actions or authentication contexts selected"];
}

function includeExcludeLines(noun: string, include: readonly string[], exclude: readonly string[], name: (id: string) => string): string[] {
  const lines: string[] = [];
  if (include.length > 0) lines.push(`Includes ${noun}: ${include.map(name).join(", ")}`);
  if (exclude.length > 0) lines.push(`Excludes ${noun}: ${exclude.map(name).join(", ")}`);
  return lines;
}

function filterLine(filter: FilterCondition, noun: string): string {
  const rule = filter.rule ?? "(no rule)";
  if (filter.mode === "include") return `Filter (include mode): applies only to ${noun} matching ${rule}`;
  if (filter.mode === "exclude") return `Filter (exclude mode): does not apply to ${noun} matching ${rule}`;
  return `Filter (mode ${filter.mode === null ? "not set" : JSON.stringify(filter.mode)}) on ${noun}: ${rule}`;
}

function riskLines(policy: CaPolicy): string[] {
  const c = policy.conditions;
  const lines: string[] = [];
  if (c.userRiskLevels.length > 0) lines.push(`User risk: ${c.userRiskLevels.join(", ")}`);
  if (c.signInRiskLevels.length > 0) lines.push(`Sign-in risk: ${c.signInRiskLevels.join(", ")}`);
  if (c.insiderRiskLevels.length > 0) lines.push(`Insider risk: ${c.insiderRiskLevels.join(", ")}`);
  if (c.servicePrincipalRiskLevels.length > 0) lines.push(`Service principal risk: ${c.servicePrincipalRiskLevels.join(", ")}`);
  return lines;
}

function grantLines(policy: CaPolicy, options: DescribeOptions): string[] {
  const grant = policy.grantControls;
  if (!grant) return ["No grant controls"];
  const lines: string[] = [];
  const controls = grant.builtInControls;
  const requirementCount =
    controls.filter((control) => control !== "block").length +
    (grant.authenticationStrength ? 1 : 0) +
    grant.termsOfUse.length +
    grant.customAuthenticationFactors.length;
  if (controls.includes("block")) lines.push("Block access");
  if (requirementCount > 0) {
    const operator =
      grant.operator === "AND"
        ? "all of the selected controls (AND)"
        : grant.operator === "OR"
          ? "one of the selected controls (OR)"
          : `the selected controls (operator ${JSON.stringify(grant.operator)})`;
    lines.push(requirementCount === 1 ? "Grant access when the selected control is satisfied" : `Grant access when the user satisfies ${operator}`);
  }
  const required = controls.filter((control) => control !== "block");
  if (required.length > 0) lines.push(`Built-in controls: ${required.map((control) => lookup(control, GRANT_CONTROL_NAMES) ?? control).join(", ")}`);
  if (grant.authenticationStrength) {
    const strength = grant.authenticationStrength;
    const id = strength.id ?? "(no id)";
    const name = strength.displayName ?? lookup(id, options.authenticationStrengths, AUTHENTICATION_STRENGTH_NAMES);
    lines.push(`Require authentication strength: ${name ? `${name} (${id})` : id}`);
  }
  if (grant.termsOfUse.length > 0) lines.push(`Require accepting terms of use: ${grant.termsOfUse.map((id) => nameOf(id, options.termsOfUse)).join(", ")}`);
  if (grant.customAuthenticationFactors.length > 0) lines.push(`Require custom controls: ${grant.customAuthenticationFactors.join(", ")}`);
  return lines.length > 0 ? lines : ["No grant controls selected"];
}

function sessionLines(policy: CaPolicy): string[] {
  const session = policy.sessionControls;
  const lines: string[] = [];
  if (session) {
    const frequency = session.signInFrequency;
    if (frequency) lines.push(signInFrequencyLine(frequency));
    if (session.persistentBrowser) {
      const mode = session.persistentBrowser.mode;
      const what = mode === "always" ? "always persistent" : mode === "never" ? "never persistent" : `mode ${JSON.stringify(mode)}`;
      lines.push(`Persistent browser session: ${what}${disabledSuffix(session.persistentBrowser.isEnabled)}`);
    }
    if (session.applicationEnforcedRestrictions) {
      lines.push(`Use app enforced restrictions (Exchange Online and SharePoint Online)${disabledSuffix(session.applicationEnforcedRestrictions.isEnabled)}`);
    }
    if (session.cloudAppSecurity) {
      const type = session.cloudAppSecurity.cloudAppSecurityType;
      const what = type === null ? "no policy type set" : (lookup(type, CLOUD_APP_SECURITY_NAMES) ?? type);
      lines.push(`Use Conditional Access App Control (Microsoft Defender for Cloud Apps): ${what}${disabledSuffix(session.cloudAppSecurity.isEnabled)}`);
    }
    if (session.secureSignInSession) {
      lines.push(`Require token protection for sign-in sessions${disabledSuffix(session.secureSignInSession.isEnabled)}`);
    }
    if (session.disableResilienceDefaults !== null) {
      lines.push(session.disableResilienceDefaults ? "Resilience defaults are disabled" : "Resilience defaults are kept (not disabled)");
    }
  }
  const cae = policy.extras.find((extra) => extra.path === "sessionControls.continuousAccessEvaluation");
  if (cae && isMeaningful(cae.value)) lines.push(continuousAccessEvaluationLine(cae.value));
  if (session && lines.length === 0) lines.push("No session controls");
  return lines;
}

function signInFrequencyLine(frequency: NonNullable<NonNullable<CaPolicy["sessionControls"]>["signInFrequency"]>): string {
  const auth =
    frequency.authenticationType === "secondaryAuthentication"
      ? " (secondary authentication only)"
      : frequency.authenticationType === "primaryAndSecondaryAuthentication"
        ? " (primary and secondary authentication)"
        : "";
  let when: string;
  if (frequency.frequencyInterval === "everyTime") when = "every time";
  else if (frequency.value !== null && frequency.type !== null)
    when = `every ${frequency.value} ${frequency.value === 1 ? frequency.type.replace(/s$/, "") : frequency.type}`;
  else when = `interval ${JSON.stringify(frequency.frequencyInterval)} without a period`;
  return `Sign-in frequency: ${when}${auth}${disabledSuffix(frequency.isEnabled)}`;
}

function continuousAccessEvaluationLine(value: unknown): string {
  const mode = typeof value === "object" && value !== null && "mode" in value ? (value as { mode: unknown }).mode : undefined;
  const names: Record<string, string> = {
    strictLocation: "strict location enforcement",
    strictEnforcement: "strict enforcement",
    disabled: "disabled",
  };
  const what = typeof mode === "string" ? (names[mode] ?? mode) : compactJson(value);
  return `Continuous access evaluation: ${what} (beta-only setting)`;
}

function disabledSuffix(isEnabled: boolean | null): string {
  return isEnabled === false ? " (set, but disabled)" : "";
}

function otherLines(extras: readonly ExtraProperty[]): string[] {
  return extras
    .filter((extra) => extra.path !== "sessionControls.continuousAccessEvaluation" && isMeaningful(extra.value))
    .map((extra) => `${extra.path}: ${compactJson(extra.value)}`);
}

/** null, "", [] and objects holding only such values (annotations aside) say nothing. */
export function isMeaningful(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.some(isMeaningful);
  if (typeof value === "object") {
    return Object.entries(value).some(([key, entry]) => !key.includes("@") && !key.startsWith("#") && isMeaningful(entry));
  }
  return true;
}

function joinWithAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
