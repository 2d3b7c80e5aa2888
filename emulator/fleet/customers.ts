// Customer tenants: a cheap header made for every tenant up front (id, name, scenario, licences,
// consent) and the expensive content (users, groups, named locations, policies drawn from the
// corpus) made only when something first reads the tenant. Each tenant has its own PRNG stream,
// so the content is the same whatever order tenants are touched in.
import { ROLE, type AppConsent } from "../contract";
import { canonicalPolicy } from "../graph/ca-policy";
import { checkPolicyRules } from "../graph/ca-rules";
import { validateGraphValue } from "../graph/schema";
import { normalizeValue } from "../graph/shape";
import { replacePlaceholders, seedTemplates, type PlaceholderValues } from "./corpus";
import { COMPANY_NAMES, COMPANY_SUFFIXES, COUNTRIES, FIRST_NAMES, LAST_NAMES, slug } from "./names";
import { DAY_MS, graphTimestamp, type Group, type Json, type Tenant, type TenantContent } from "./model";
import {
  appliesToPartner,
  applyExclusionMode,
  harmlessWhenMissing,
  mfaOnly,
  remapIds,
  type ExclusionContext,
  type ExclusionMode,
  type TenantIds,
} from "./policy-edit";
import { Prng } from "./prng";
import { scenarioFor, type ScenarioTag } from "./scenarios";
import * as synthetic from "./synthetic-policies";
import type { FleetUser } from "./users";

export const POLICY_CAP = 240;

export interface CustomerHeaderInput {
  seed: number;
  index: number;
  now: number;
  portalClientId: string;
  delegatedScopes: string[];
  appOnlyRoles: string[];
}

export function buildCustomerHeader(input: CustomerHeaderInput): { tenant: Tenant; scenario: ScenarioTag; expiringSoon: boolean } {
  const prng = new Prng(`${input.seed}:customer:${input.index}`);
  const id = prng.uuid();
  const base = input.index < COMPANY_NAMES.length ? (COMPANY_NAMES[input.index] as string) : `${prng.pick(COMPANY_NAMES)} ${prng.pick(COMPANY_SUFFIXES)}`;
  const displayName = input.index < COMPANY_NAMES.length ? base : `${base} ${input.index}`;
  const defaultDomain = `${slug(displayName)}.onmicrosoft.com`;
  const scenario = scenarioFor(input.index, prng);
  const p2 = scenario !== "no-p1" && prng.chance(0.35);
  const expiringSoon = !scenario.startsWith("gdap-expired") && scenario !== "gdap-terminated" && (input.index % 9 === 4 || prng.chance(0.08));
  const consents = new Map<string, AppConsent>();
  if (scenario !== "no-app-consent") {
    consents.set(input.portalClientId, {
      delegatedScopes: [...input.delegatedScopes],
      appRoles: scenario === "blocked-by-ca" ? [...input.appOnlyRoles] : [],
    });
  }
  const tags: string[] = [scenario];
  if (p2) tags.push("p2");
  if (expiringSoon) tags.push("gdap-expiring");
  if (scenario === "blocked-by-ca") tags.push("app-only-consent");
  const tenant: Tenant = {
    index: input.index,
    id,
    displayName,
    defaultDomain,
    kind: "customer",
    createdDateTime: graphTimestamp(input.now - prng.int(400, 3000) * DAY_MS),
    countryLetterCode: prng.pick(COUNTRIES),
    tags,
    licences: { entraP1: scenario !== "no-p1", entraP2: p2, workloadIdentities: false },
    securityDefaults: scenario === "security-defaults",
    consents,
    policyCap: POLICY_CAP,
  };
  return { tenant, scenario, expiringSoon };
}

function makeUser(prng: Prng, tenant: Tenant, upnLocal: string, displayName: string, extra: Partial<FleetUser> = {}): FleetUser {
  return {
    id: prng.uuid(),
    tenantId: tenant.id,
    userPrincipalName: `${upnLocal}@${tenant.defaultDomain}`,
    displayName,
    password: `Customer-${prng.int(1000, 9999)}`,
    roleTemplateIds: [],
    groupIds: [],
    mfaRegistered: true,
    accountEnabled: true,
    userType: "Member",
    jobTitle: null,
    ...extra,
  };
}

function buildDirectory(prng: Prng, tenant: Tenant, userCount: number): { users: FleetUser[]; groups: Record<string, Group> } {
  const g = (role: string, displayName: string): Group => ({ id: prng.uuid(), displayName, role });
  const groups = {
    emergencyAccess: g("emergency-access", "CA - Emergency access accounts"),
    exclusionPerm: g("exclusion-permanent", "CA - Permanent exclusions"),
    exclusionTemp: g("exclusion-temporary", "CA - Temporary exclusions"),
    administrators: g("administrators", "Administrators"),
    syncAccounts: g("sync-accounts", "Directory synchronization accounts"),
    p2Licensed: g("p2-licensed", "Entra ID P2 licensed users"),
    allStaff: g("all-staff", "All staff"),
  };
  const breakGlass = makeUser(prng, tenant, "breakglass", "Break Glass (emergency access)", {
    roleTemplateIds: [ROLE.globalAdministrator],
    groupIds: [groups.emergencyAccess.id],
    note: "emergency access account, excluded from policies",
    jobTitle: "Emergency access",
  });
  const admin = makeUser(prng, tenant, "admin", `${tenant.displayName} Admin`, {
    roleTemplateIds: [ROLE.globalAdministrator],
    groupIds: [groups.administrators.id, groups.allStaff.id],
    note: "customer global administrator",
    jobTitle: "IT Administrator",
  });
  const users: FleetUser[] = [breakGlass, admin];
  const used = new Set<string>(["breakglass", "admin"]);
  for (let i = 0; users.length < userCount + 2; i++) {
    const first = prng.pick(FIRST_NAMES);
    const last = prng.pick(LAST_NAMES);
    let local = `${first}.${last}`.toLowerCase();
    if (used.has(local)) local = `${local}${i}`;
    used.add(local);
    users.push(
      makeUser(prng, tenant, local, `${first} ${last}`, {
        groupIds: [groups.allStaff.id],
        jobTitle: prng.pick(["Accountant", "Sales", "Engineer", "Consultant", "Office Manager", "Designer"]),
      }),
    );
  }
  return { users, groups };
}

function buildNamedLocations(prng: Prng, tenant: Tenant, now: number): Map<string, Json> {
  const created = graphTimestamp(now - prng.int(100, 800) * DAY_MS);
  const office = normalizeValue("namedLocation", {
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    id: prng.uuid(),
    displayName: "Head office",
    createdDateTime: created,
    modifiedDateTime: created,
    isTrusted: true,
    ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: `203.0.113.${prng.int(0, 15) * 16}/28` }],
  });
  const countries = normalizeValue("namedLocation", {
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    id: prng.uuid(),
    displayName: "Allowed countries",
    createdDateTime: created,
    modifiedDateTime: created,
    countriesAndRegions: [...new Set([tenant.countryLetterCode, "NL"])],
    includeUnknownCountriesAndRegions: false,
    countryLookupMethod: "clientIpAddress",
  });
  return new Map([office, countries].map((l) => [String(l.id), l]));
}

export interface ContentInput {
  seed: number;
  tenant: Tenant;
  scenario: ScenarioTag;
  partnerTenantId: string;
  otherPartnerTenantIds: string[];
  now: number;
  policiesPerTenant?: number;
}

export function buildCustomerContent(input: ContentInput): TenantContent {
  const { tenant, scenario } = input;
  const prng = new Prng(`${input.seed}:customer:${tenant.index}:content`);
  const { users, groups } = buildDirectory(prng, tenant, scenario === "large" ? 260 : prng.int(6, 16));
  const namedLocations = buildNamedLocations(prng, tenant, input.now);
  const breakGlass = users[0] as FleetUser;
  const ids: TenantIds = {
    breakGlassUserId: breakGlass.id,
    userIds: users.slice(1).map((u) => u.id),
    includeGroupIds: [groups.administrators!.id, groups.allStaff!.id, groups.p2Licensed!.id],
    exclusionGroupIds: [groups.emergencyAccess!.id, groups.exclusionPerm!.id, groups.exclusionTemp!.id],
    locationIds: [...namedLocations.keys()],
  };
  const placeholders: PlaceholderValues = {
    partnerTenantId: input.partnerTenantId,
    ring: "PROD",
    groups: {
      emergencyAccess: groups.emergencyAccess!.id,
      exclusionPerm: groups.exclusionPerm!.id,
      exclusionTemp: groups.exclusionTemp!.id,
      administrators: groups.administrators!.id,
      syncAccounts: groups.syncAccounts!.id,
      p2Licensed: groups.p2Licensed!.id,
    },
  };
  const bodies = scenarioPolicies(prng, input, ids, placeholders);
  const policies = new Map<string, Json>();
  for (const body of bodies) {
    const created = input.now - prng.int(20, 900) * DAY_MS;
    const modified = prng.chance(0.6) ? graphTimestamp(created + prng.int(1, 19) * DAY_MS) : null;
    const policy = canonicalPolicy(body, { id: prng.uuid(), createdDateTime: graphTimestamp(created), modifiedDateTime: modified, templateId: null });
    // Seeded state must be state Graph would have accepted; a draw that is not is left out.
    if (validateGraphValue("conditionalAccessPolicy", policy, { mode: "response" }).length > 0) continue;
    if (
      checkPolicyRules(policy, {
        licences: tenant.licences,
        securityDefaults: tenant.securityDefaults,
        apiVersion: "beta",
        v1RefusesEveryTimeForAllApps: false,
        enabling: policy.state === "enabled",
      })
    )
      continue;
    policies.set(String(policy.id), policy);
  }
  // Microsoft adds managed policies to tenants itself; this scenario's tenants carry one (emulator/README.md
  // `managed-policy-*`). Its own stream, so every other draw of the tenant stays as it was.
  if (scenario === "disabled-and-report-only") {
    const own = new Prng(`${input.seed}:customer:${tenant.index}:microsoft-managed`);
    const created = graphTimestamp(input.now - own.int(20, 300) * DAY_MS);
    const managed = canonicalPolicy(synthetic.microsoftManagedBlockLegacyAuthentication(breakGlass.id), {
      id: own.uuid(),
      createdDateTime: created,
      modifiedDateTime: null,
      // Observed managed policies carry a templateId of one family (docs/graph-contract.md §5.4); this
      // policy's real one is not observed, so the last digits are made up.
      templateId: "4200930c-0da2-4e33-ca01-000000000002",
    });
    policies.set(String(managed.id), managed);
  }
  return { users, usersById: new Map(users.map((u) => [u.id, u])), groups: Object.values(groups), policies, namedLocations };
}

function scenarioPolicies(prng: Prng, input: ContentInput, ids: TenantIds, placeholders: PlaceholderValues): Json[] {
  const { scenario, tenant } = input;
  if (scenario === "no-p1") return [];
  const pool = seedTemplates().filter((t) => tenant.licences.entraP2 || !t.needsP2);
  const count = input.policiesPerTenant ?? (scenario === "large" ? 130 : scenario === "security-defaults" ? 2 : prng.int(5, 12));
  // More policies than templates: draw with repetition (the names get a number).
  const drawn = count > pool.length || scenario === "large" ? Array.from({ length: count }, () => prng.pick(pool)) : prng.sample(pool, count);
  const seen = new Map<string, number>();
  const bodies = drawn.map((t) => {
    const body = replacePlaceholders(structuredClone(t.body), placeholders);
    remapIds(body, ids, prng);
    const name = String(body.displayName);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) body.displayName = `${name} (${n})`;
    if (scenario === "security-defaults") body.state = "disabled";
    return body;
  });
  const ctx: ExclusionContext = { partnerTenantId: input.partnerTenantId, otherPartnerTenantIds: input.otherPartnerTenantIds, prng };
  const bg = ids.breakGlassUserId;
  const applicable = () => bodies.filter((b) => appliesToPartner(b, input.partnerTenantId));
  // An enabled MFA policy for all users: missing the exclusion there is visible but blocks nobody who did MFA.
  const mfaPolicy = (name: string): Json => {
    const found = applicable().find((b) => mfaOnly(b) && !b.__mode);
    if (found) {
      found.state = "enabled";
      return found;
    }
    const made = synthetic.requireMfaAllUsers(name, bg);
    bodies.unshift(made);
    return made;
  };
  const mark = (b: Json, mode: ExclusionMode) => {
    b.__mode = mode;
  };
  switch (scenario) {
    case "missing-exclusion":
    case "gdap-expired":
    case "gdap-terminated":
    case "gdap-read-only":
    case "no-app-consent":
      mark(mfaPolicy("Require MFA for all users"), "missing");
      break;
    case "exclusion-other-guest-types":
      mark(mfaPolicy("Require MFA for all users"), "other-types");
      break;
    case "exclusion-other-tenants":
      mark(mfaPolicy("Require MFA for all users"), "other-tenants");
      break;
    case "membership-all":
      mark(mfaPolicy("Require MFA for all users"), "all-other-types");
      mark(mfaPolicy("Require MFA for all users (cloud apps)"), "all-sp");
      break;
    case "legacy-guests":
      mark(mfaPolicy("Require MFA for all users"), "legacy");
      break;
    case "targets-service-providers": {
      const p = synthetic.mfaForPartnerTechnicians("Require MFA for partner technicians", input.partnerTenantId);
      p.__keep = true;
      bodies.push(p);
      break;
    }
    case "disabled-and-report-only": {
      const pilot = synthetic.requireCompliantDeviceAllUsers("Require compliant device (pilot)", bg);
      pilot.state = "enabledForReportingButNotEnforced";
      mark(pilot, "missing");
      const geo = synthetic.blockOutsideCountries("Block sign-ins outside allowed countries", bg, ids.locationIds[1] ?? ids.locationIds[0] ?? "AllTrusted");
      mark(geo, "missing");
      bodies.push(pilot, geo);
      break;
    }
    case "blocked-by-ca": {
      const device = synthetic.requireCompliantDeviceAllUsers("Require compliant device for all users", bg);
      mark(device, "missing");
      bodies.unshift(device);
      break;
    }
    default:
      break;
  }
  const missingRate =
    scenario === "healthy" ||
    scenario === "targets-service-providers" ||
    scenario.startsWith("exclusion-") ||
    scenario === "membership-all" ||
    scenario === "legacy-guests"
      ? 0
      : scenario === "large"
        ? 0.4
        : 0.5;
  for (const b of applicable()) {
    if (b.__keep) continue;
    const preset = b.__mode as ExclusionMode | undefined;
    const mode: ExclusionMode = preset ?? (harmlessWhenMissing(b) && prng.chance(missingRate) ? "missing" : "excluded");
    applyExclusionMode(b, mode, ctx);
  }
  for (const b of bodies) {
    delete b.__mode;
    delete b.__keep;
  }
  return bodies;
}
