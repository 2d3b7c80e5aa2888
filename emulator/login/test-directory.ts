// An in-memory LoginDirectory for the login face's tests: a partner (MSP) tenant and customer
// tenants covering the GDAP and Conditional Access cases. Mutable, so a test can change a policy
// or a relationship between two sign-ins. Not used by the emulator itself (the fleet is).
import { ROLE, type AppConsent, type DirectoryApp, type DirectoryTenant, type DirectoryUser, type GdapAccess, type LoginDirectory } from "@/emulator/contract";

export const IDS = {
  partner: "11111111-1111-4111-8111-111111111111",
  fabrikam: "22222222-2222-4222-8222-222222222222", // active GDAP (CA Administrator), consent, MFA policy
  northwind: "33333333-3333-4333-8333-333333333333", // GDAP expired
  tailspin: "44444444-4444-4444-8444-444444444444", // active GDAP, no consent
  woodgrove: "55555555-5555-4555-8555-555555555555", // active GDAP, consent, compliant-device policy (blocks)
  adminsGroup: "66666666-6666-4666-8666-666666666666",
  portalApp: "aaaaaaaa-0000-4000-8000-00000000a001",
  otherApp: "aaaaaaaa-0000-4000-8000-00000000a002",
  users: {
    admin: "0000000a-0000-4000-8000-000000000001",
    operator: "0000000a-0000-4000-8000-000000000002",
    reader: "0000000a-0000-4000-8000-000000000003",
    disabled: "0000000a-0000-4000-8000-000000000004",
    fabrikamMember: "0000000b-0000-4000-8000-000000000001",
    northwindMember: "0000000b-0000-4000-8000-000000000002",
  },
  policies: {
    fabrikamMfa: "cccccccc-0000-4000-8000-00000000c001",
    fabrikamReportOnlyBlock: "cccccccc-0000-4000-8000-00000000c002",
    fabrikamDisabledBlock: "cccccccc-0000-4000-8000-00000000c003",
    woodgroveCompliantDevice: "cccccccc-0000-4000-8000-00000000c004",
  },
  gdapRelationship: "dddddddd-0000-4000-8000-00000000d001",
} as const;

export const PORTAL_SECRET = "portal-secret~value.1";
export const REDIRECT_URI = "http://localhost:3000/auth/callback";
export const PORTAL_SCOPES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"];

const tenant = (id: string, displayName: string, domain: string, kind: DirectoryTenant["kind"]): DirectoryTenant => ({
  id,
  displayName,
  defaultDomain: domain,
  kind,
});

export function allUsersPolicy(id: string, displayName: string, state: string, grant: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    displayName,
    state,
    conditions: {
      users: {
        includeUsers: ["All"],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ["all"],
      platforms: null,
      locations: null,
    },
    grantControls: grant,
    sessionControls: null,
  };
}

export class FakeLoginDirectory implements LoginDirectory {
  tenants: DirectoryTenant[] = [
    tenant(IDS.partner, "Contoso MSP", "contosomsp.onmicrosoft.com", "partner"),
    tenant(IDS.fabrikam, "Fabrikam", "fabrikam.onmicrosoft.com", "customer"),
    tenant(IDS.northwind, "Northwind Traders", "northwind.onmicrosoft.com", "customer"),
    tenant(IDS.tailspin, "Tailspin Toys", "tailspin.onmicrosoft.com", "customer"),
    tenant(IDS.woodgrove, "Woodgrove Bank", "woodgrove.onmicrosoft.com", "customer"),
  ];

  people: DirectoryUser[] = [
    {
      id: IDS.users.admin,
      tenantId: IDS.partner,
      userPrincipalName: "ada.admin@contosomsp.onmicrosoft.com",
      displayName: "Ada Admin",
      password: "Ada-demo-1!",
      roleTemplateIds: [ROLE.globalReader],
      groupIds: [IDS.adminsGroup],
      mfaRegistered: true,
      accountEnabled: true,
      note: "portal admin",
    },
    {
      id: IDS.users.operator,
      tenantId: IDS.partner,
      userPrincipalName: "otto.operator@contosomsp.onmicrosoft.com",
      displayName: "Otto Operator",
      password: "Otto-demo-2!",
      roleTemplateIds: [],
      groupIds: [IDS.adminsGroup],
      mfaRegistered: false,
      accountEnabled: true,
      note: "portal operator",
    },
    {
      id: IDS.users.reader,
      tenantId: IDS.partner,
      userPrincipalName: "rita.reader@contosomsp.onmicrosoft.com",
      displayName: "Rita Reader",
      password: "Rita-demo-3!",
      roleTemplateIds: [],
      groupIds: [],
      mfaRegistered: true,
      accountEnabled: true,
    },
    {
      id: IDS.users.disabled,
      tenantId: IDS.partner,
      userPrincipalName: "dana.disabled@contosomsp.onmicrosoft.com",
      displayName: "Dana Disabled",
      password: "Dana-demo-4!",
      roleTemplateIds: [],
      groupIds: [IDS.adminsGroup],
      mfaRegistered: true,
      accountEnabled: false,
    },
    {
      id: IDS.users.fabrikamMember,
      tenantId: IDS.fabrikam,
      userPrincipalName: "fiona@fabrikam.onmicrosoft.com",
      displayName: "Fiona Fabrikam",
      password: "Fiona-demo-5!",
      roleTemplateIds: [ROLE.securityReader],
      groupIds: [],
      mfaRegistered: false,
      accountEnabled: true,
    },
    {
      id: IDS.users.northwindMember,
      tenantId: IDS.northwind,
      userPrincipalName: "nils@northwind.onmicrosoft.com",
      displayName: "Nils Northwind",
      password: "Nils-demo-6!",
      roleTemplateIds: [],
      groupIds: [],
      mfaRegistered: false,
      accountEnabled: true,
    },
  ];

  apps: DirectoryApp[] = [
    {
      clientId: IDS.portalApp,
      displayName: "MSP Conditional Access Portal",
      homeTenantId: IDS.partner,
      secrets: [PORTAL_SECRET],
      redirectUris: [REDIRECT_URI, "https://portal.example.test/auth/callback"],
    },
    { clientId: IDS.otherApp, displayName: "Unconsented tool", homeTenantId: IDS.partner, secrets: ["other-secret"], redirectUris: [REDIRECT_URI] },
  ];

  /** consents[tenantId][clientId] */
  consents = new Map<string, Map<string, AppConsent>>([
    [
      IDS.partner,
      new Map([[IDS.portalApp, { delegatedScopes: [...PORTAL_SCOPES, "User.Read"], appRoles: ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"] }]]),
    ],
    [IDS.fabrikam, new Map([[IDS.portalApp, { delegatedScopes: [...PORTAL_SCOPES], appRoles: ["Policy.Read.All"] }]])],
    [IDS.northwind, new Map([[IDS.portalApp, { delegatedScopes: [...PORTAL_SCOPES], appRoles: [] }]])],
    [IDS.woodgrove, new Map([[IDS.portalApp, { delegatedScopes: [...PORTAL_SCOPES], appRoles: [] }]])],
  ]);

  /** GDAP relationships of the partner, per customer: groups that hold roles, or an inactive status. */
  relationships = new Map<string, { status: string; assignments: Array<{ groupId: string; roles: string[] }> }>([
    [IDS.fabrikam, { status: "active", assignments: [{ groupId: IDS.adminsGroup, roles: [ROLE.conditionalAccessAdministrator] }] }],
    [IDS.northwind, { status: "expired", assignments: [{ groupId: IDS.adminsGroup, roles: [ROLE.conditionalAccessAdministrator] }] }],
    [IDS.tailspin, { status: "active", assignments: [{ groupId: IDS.adminsGroup, roles: [ROLE.conditionalAccessAdministrator] }] }],
    [IDS.woodgrove, { status: "active", assignments: [{ groupId: IDS.adminsGroup, roles: [ROLE.securityReader, ROLE.conditionalAccessAdministrator] }] }],
  ]);

  policiesByTenant = new Map<string, unknown[]>([
    [
      IDS.fabrikam,
      [
        allUsersPolicy(IDS.policies.fabrikamMfa, "Require MFA for everyone", "enabled", { operator: "OR", builtInControls: ["mfa"] }),
        allUsersPolicy(IDS.policies.fabrikamReportOnlyBlock, "Block all (report-only)", "enabledForReportingButNotEnforced", {
          operator: "OR",
          builtInControls: ["block"],
        }),
        allUsersPolicy(IDS.policies.fabrikamDisabledBlock, "Block all (disabled)", "disabled", { operator: "OR", builtInControls: ["block"] }),
      ],
    ],
    [
      IDS.woodgrove,
      [
        allUsersPolicy(IDS.policies.woodgroveCompliantDevice, "Require a compliant device", "enabled", {
          operator: "OR",
          builtInControls: ["compliantDevice"],
        }),
      ],
    ],
  ]);

  locationsByTenant = new Map<string, unknown[]>();

  tenant(idOrDomain: string): DirectoryTenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.tenants.find((t) => t.id === key || t.defaultDomain.toLowerCase() === key);
  }

  app(clientId: string): DirectoryApp | undefined {
    return this.apps.find((a) => a.clientId === clientId);
  }

  consent(tenantId: string, clientId: string): AppConsent | undefined {
    return this.consents.get(tenantId)?.get(clientId);
  }

  users(tenantId: string): DirectoryUser[] {
    return this.people.filter((u) => u.tenantId === tenantId);
  }

  user(userId: string): DirectoryUser | undefined {
    return this.people.find((u) => u.id === userId);
  }

  gdap(partnerTenantId: string, userId: string, customerTenantId: string): GdapAccess {
    const user = this.user(userId);
    const rel = this.relationships.get(customerTenantId);
    if (partnerTenantId !== IDS.partner || !user || user.tenantId !== partnerTenantId || !rel) return { kind: "none" };
    if (rel.status !== "active") return { kind: "inactive", status: rel.status };
    const roles = rel.assignments.filter((a) => user.groupIds.includes(a.groupId)).flatMap((a) => a.roles);
    if (roles.length === 0) return { kind: "no-assignment" };
    return { kind: "active", roleTemplateIds: [...new Set(roles)], relationshipId: IDS.gdapRelationship };
  }

  policies(tenantId: string): unknown[] {
    return this.policiesByTenant.get(tenantId) ?? [];
  }

  namedLocations(tenantId: string): unknown[] {
    return this.locationsByTenant.get(tenantId) ?? [];
  }

  appRoles(clientId: string, userId: string): string[] {
    if (clientId !== IDS.portalApp) return [];
    if (userId === IDS.users.admin) return ["Portal.Admin"];
    if (userId === IDS.users.operator) return ["Portal.Operator"];
    return [];
  }
}
