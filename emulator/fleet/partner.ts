// The partner (MSP) tenant: the portal's staff (admin, operator, reader) with portal app roles,
// the automation service account, a break-glass account, the security groups GDAP access
// assignments point at, the portal app registration, and the partner's own CA policies.
import { ROLE, type AppConsent, type DirectoryApp } from "../contract";
import { canonicalPolicy } from "../graph/ca-policy";
import { normalizeValue } from "../graph/shape";
import { DAY_MS, graphTimestamp, type Group, type Json, type Tenant, type TenantContent } from "./model";
import { Prng } from "./prng";
import type { FleetUser } from "./users";

export const PORTAL_DELEGATED_SCOPES = [
  "User.Read",
  "Organization.Read.All", // the portal reads a customer's service plans (Entra ID P1) from /organization
  "Policy.Read.All",
  "Policy.ReadWrite.ConditionalAccess",
  "User.Read.All",
  "DelegatedAdminRelationship.Read.All",
  "Directory.Read.All",
  "Agreement.Read.All", // the portal names the terms of use policies require
  "CrossTenantInformation.ReadBasic.All", // and the other tenants policies name
];
export const PORTAL_APP_ROLES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "User.Read.All"];
/** Where the portal works app-only it also names what policies point at (directory objects, terms of use, other tenants). */
export const CUSTOMER_APP_ONLY_ROLES = [
  "Policy.Read.All",
  "Policy.ReadWrite.ConditionalAccess",
  "Directory.Read.All",
  "Agreement.Read.All",
  "CrossTenantInformation.ReadBasic.All",
];

/** The portal's two sign-ins: staff sign-in, and connecting the automation account. */
export const PORTAL_CALLBACK_PATHS = ["/api/auth/callback", "/api/partner/connect/callback"];

/** Every redirect URI the portal's app registration lists for a portal served at `origin`. */
export function portalRedirectUris(origin: string): string[] {
  return PORTAL_CALLBACK_PATHS.map((path) => `${origin}${path}`);
}

export const DEFAULT_REDIRECT_URIS = ["http://localhost:3000", "http://127.0.0.1:3000"].flatMap(portalRedirectUris);

export interface PartnerBuild {
  tenant: Tenant;
  app: DirectoryApp;
  staff: FleetUser[];
  serviceAccount: FleetUser;
  breakGlass: FleetUser;
  gdapGroups: { caAdmins: Group; securityReaders: Group };
}

export function buildPartner(seed: number, now: number, extraRedirectUris: string[]): PartnerBuild {
  const prng = new Prng(`${seed}:partner`);
  const id = prng.uuid();
  const domain = "tailwindmsp.onmicrosoft.com";
  const app: DirectoryApp = {
    clientId: prng.uuid(),
    displayName: "MSP Conditional Access Portal",
    homeTenantId: id,
    secrets: [`emu~${Buffer.from(prng.uuid().replace(/-/g, ""), "hex").toString("base64url")}`],
    redirectUris: [...new Set([...DEFAULT_REDIRECT_URIS, ...extraRedirectUris])],
  };
  const consent: AppConsent = { delegatedScopes: [...PORTAL_DELEGATED_SCOPES], appRoles: [...PORTAL_APP_ROLES] };
  const tenant: Tenant = {
    index: -1,
    id,
    displayName: "Tailwind Managed Services",
    defaultDomain: domain,
    kind: "partner",
    createdDateTime: graphTimestamp(now - 2200 * DAY_MS),
    countryLetterCode: "NL",
    tags: ["partner"],
    licences: { entraP1: true, entraP2: true, workloadIdentities: false },
    securityDefaults: false,
    consents: new Map([[app.clientId, consent]]),
    policyCap: 240,
  };
  const group = (displayName: string, role: string): Group => ({ id: prng.uuid(), displayName, role });
  const gdapGroups = {
    caAdmins: group("GDAP - Conditional Access Administrators", "gdap-ca-admins"),
    securityReaders: group("GDAP - Security Readers", "gdap-security-readers"),
  };
  const user = (local: string, displayName: string, password: string, extra: Partial<FleetUser>): FleetUser => ({
    id: prng.uuid(),
    tenantId: id,
    userPrincipalName: `${local}@${domain}`,
    displayName,
    password,
    roleTemplateIds: [],
    groupIds: [],
    mfaRegistered: true,
    accountEnabled: true,
    userType: "Member",
    jobTitle: null,
    ...extra,
  });
  const both = [gdapGroups.caAdmins.id, gdapGroups.securityReaders.id];
  const staff = [
    user("admin", "Avery Admin", "Admin-Pass-1", {
      portalRole: "Portal.Admin",
      roleTemplateIds: [ROLE.conditionalAccessAdministrator, ROLE.globalReader],
      groupIds: both,
      note: "portal admin",
      jobTitle: "MSP security lead",
    }),
    user("operator", "Oliver Operator", "Operator-Pass-1", {
      portalRole: "Portal.Operator",
      groupIds: both,
      note: "portal operator",
      jobTitle: "MSP engineer",
    }),
    user("reader", "Riley Reader", "Reader-Pass-1", {
      portalRole: "Portal.Reader",
      groupIds: [gdapGroups.securityReaders.id],
      note: "portal reader (GDAP read-only)",
      jobTitle: "MSP analyst",
    }),
  ];
  const serviceAccount = user("svc-automation", "Portal automation (service account)", "Svc-Automation-Pass-1", {
    roleTemplateIds: [ROLE.conditionalAccessAdministrator],
    groupIds: both,
    note: "automation service account used for GDAP changes",
    jobTitle: "Service account",
  });
  const technician = user("technician", "Taylor Technician", "Technician-Pass-1", { note: "no portal role, no GDAP group", jobTitle: "Helpdesk" });
  const breakGlass = user("breakglass", "Break Glass (emergency access)", "BreakGlass-Pass-1", {
    roleTemplateIds: [ROLE.globalAdministrator],
    note: "emergency access, excluded from the partner's policies",
    jobTitle: "Emergency access",
  });
  // Made last so the accounts above keep the ids the seed has always given them. Four-eyes needs a
  // second admin: a run over many tenants, or on the partner tenant, waits for one.
  staff.push(
    user("admin2", "Morgan Admin", "Admin-Pass-2", {
      portalRole: "Portal.Admin",
      roleTemplateIds: [ROLE.conditionalAccessAdministrator, ROLE.globalReader],
      groupIds: both,
      note: "second portal admin (approves runs)",
      jobTitle: "MSP service manager",
    }),
  );
  // A B2B guest of the partner tenant who was given a portal role: the portal must refuse it (member
  // accounts only). Its own PRNG keeps every other seeded id as it was.
  const guestPrng = new Prng(`${seed}:partner-guest`);
  const guest: FleetUser = {
    id: guestPrng.uuid(),
    tenantId: id,
    userPrincipalName: `gale.guest_contractors.example#EXT#@${domain}`,
    displayName: "Gale Guest (B2B guest)",
    password: "Guest-Pass-1",
    roleTemplateIds: [],
    groupIds: [],
    mfaRegistered: true,
    accountEnabled: true,
    userType: "Guest",
    jobTitle: "Contractor",
    portalRole: "Portal.Operator",
    note: "B2B guest with a portal role (the portal refuses guests)",
    guestOf: guestPrng.uuid(),
  };
  const users = [...staff, serviceAccount, technician, breakGlass, guest];
  const groups = [gdapGroups.caAdmins, gdapGroups.securityReaders];
  tenant.content = {
    users,
    usersById: new Map(users.map((u) => [u.id, u])),
    groups,
    policies: partnerPolicies(prng, now, breakGlass.id, serviceAccount.id),
    namedLocations: partnerLocations(prng, now),
  };
  return { tenant, app, staff, serviceAccount, breakGlass, gdapGroups };
}

const ADMIN_ROLES = [
  ROLE.globalAdministrator,
  ROLE.securityAdministrator,
  ROLE.conditionalAccessAdministrator,
  "e8611ab8-c189-46e8-94e1-60213ab1f814",
  "fe930be7-5e62-47db-91af-98c3a49a38b1",
  "29232cdf-9323-42fd-ade2-1d097af3e4de",
];

function partnerPolicies(prng: Prng, now: number, breakGlassId: string, serviceAccountId: string): Map<string, Json> {
  const bodies: Json[] = [
    {
      displayName: "MSP-001: Require MFA for administrators",
      state: "enabled",
      conditions: {
        clientAppTypes: ["all"],
        applications: { includeApplications: ["All"] },
        users: { includeRoles: ADMIN_ROLES, excludeUsers: [breakGlassId] },
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    },
    {
      displayName: "MSP-002: Block legacy authentication",
      state: "enabled",
      conditions: {
        clientAppTypes: ["exchangeActiveSync", "other"],
        applications: { includeApplications: ["All"] },
        users: { includeUsers: ["All"], excludeUsers: [breakGlassId] },
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    },
    {
      displayName: "MSP-003: Require MFA for all users",
      state: "enabled",
      conditions: { clientAppTypes: ["all"], applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"], excludeUsers: [breakGlassId] } },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    },
    {
      displayName: "MSP-004: Block high-risk sign-ins",
      state: "enabled",
      conditions: {
        clientAppTypes: ["all"],
        signInRiskLevels: ["high"],
        applications: { includeApplications: ["All"] },
        users: { includeUsers: ["All"], excludeUsers: [breakGlassId, serviceAccountId] },
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    },
    {
      displayName: "MSP-005: Require compliant device for staff (pilot)",
      state: "enabledForReportingButNotEnforced",
      conditions: {
        clientAppTypes: ["browser", "mobileAppsAndDesktopClients"],
        applications: { includeApplications: ["All"] },
        users: { includeUsers: ["All"], excludeUsers: [breakGlassId, serviceAccountId] },
      },
      grantControls: { operator: "OR", builtInControls: ["compliantDevice"] },
    },
    {
      displayName: "MSP-006: Admin portals sign-in every 8 hours",
      state: "enabled",
      conditions: {
        clientAppTypes: ["all"],
        applications: { includeApplications: ["MicrosoftAdminPortals"] },
        users: { includeUsers: ["All"], excludeUsers: [breakGlassId] },
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
      sessionControls: {
        signInFrequency: { isEnabled: true, type: "hours", value: 8, frequencyInterval: "timeBased", authenticationType: "primaryAndSecondaryAuthentication" },
      },
    },
  ];
  const out = new Map<string, Json>();
  for (const body of bodies) {
    const created = now - prng.int(200, 900) * DAY_MS;
    const p = canonicalPolicy(body, {
      id: prng.uuid(),
      createdDateTime: graphTimestamp(created),
      modifiedDateTime: graphTimestamp(created + 3 * DAY_MS),
      templateId: null,
    });
    out.set(String(p.id), p);
  }
  return out;
}

function partnerLocations(prng: Prng, now: number): Map<string, Json> {
  const created = graphTimestamp(now - 700 * DAY_MS);
  const office = normalizeValue("namedLocation", {
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    id: prng.uuid(),
    displayName: "MSP office",
    createdDateTime: created,
    modifiedDateTime: created,
    isTrusted: true,
    ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: "198.51.100.0/26" }],
  });
  return new Map([[String(office.id), office]]);
}

export type { TenantContent };
