// The seeded fleet: one partner tenant and N customer tenants, deterministic for a seed, with the
// partner's GDAP relationships. Implements LoginDirectory for the login face. Customer content is
// made lazily (see customers.ts) so 5,000 tenants start in well under a second.
import type { AppConsent, DirectoryApp, DirectoryTenant, DirectoryUser, GdapAccess, LoginDirectory } from "../contract";
import { buildCustomerContent, buildCustomerHeader } from "./customers";
import { buildDirectoryExtras, type DirectoryExtras } from "./directory-extras";
import { buildOtherRelationships, buildRelationship, givesAccess, relationshipRoles } from "./gdap";
import type { GdapRelationship, Group, Json, Tenant, TenantContent } from "./model";
import { buildPartner, CUSTOMER_APP_ONLY_ROLES, PORTAL_DELEGATED_SCOPES } from "./partner";
import { Prng, stableUuid } from "./prng";
import type { ScenarioTag } from "./scenarios";
import type { FleetUser } from "./users";

export interface FleetOptions {
  tenants: number;
  seed: number;
  /** Every customer tenant (with Conditional Access) gets this many drawn policies; default by scenario. */
  policiesPerTenant?: number;
  /** Start of the fleet's timeline (dates are relative to it). Defaults to Date.now(). */
  now?: number;
  /** Extra redirect URIs for the portal app (e.g. another portal port). */
  extraRedirectUris?: string[];
}

export interface Contract {
  id: string;
  contractType: string;
  customerId: string;
  defaultDomainName: string;
  displayName: string;
}

const OTHER_PARTNER_NAMES = ["Northwind IT Partners", "Fabrikam Cloud Services", "Litware Managed IT"];

export class Fleet implements LoginDirectory {
  readonly seed: number;
  readonly size: number;
  readonly now: number;
  readonly policiesPerTenant: number | undefined;
  private readonly extraRedirectUris: string[];

  partner!: Tenant;
  portalApp!: DirectoryApp;
  staff!: FleetUser[];
  serviceAccount!: FleetUser;
  breakGlass!: FleetUser;
  gdapGroups!: { caAdmins: Group; securityReaders: Group };
  customers: Tenant[] = [];
  relationships: GdapRelationship[] = [];
  otherPartnerTenantIds: string[] = [];
  private scenarios: ScenarioTag[] = [];
  private byId = new Map<string, Tenant>();
  private byDomain = new Map<string, Tenant>();
  private relationshipsByCustomer = new Map<string, GdapRelationship[]>();
  private usersById = new Map<string, FleetUser>();
  private contractsCache: Contract[] | undefined;
  private extrasByTenant = new Map<string, DirectoryExtras>();

  constructor(options: FleetOptions) {
    this.seed = options.seed;
    this.size = options.tenants;
    this.now = options.now ?? Date.now();
    this.policiesPerTenant = options.policiesPerTenant;
    this.extraRedirectUris = options.extraRedirectUris ?? [];
    this.build();
  }

  /** Back to the seeded state: every tenant, policy, relationship and licence as first made. */
  reset(): void {
    this.build();
  }

  private build(): void {
    const partner = buildPartner(this.seed, this.now, this.extraRedirectUris);
    this.partner = partner.tenant;
    this.portalApp = partner.app;
    this.staff = partner.staff;
    this.serviceAccount = partner.serviceAccount;
    this.breakGlass = partner.breakGlass;
    this.gdapGroups = partner.gdapGroups;
    this.otherPartnerTenantIds = [0, 1, 2].map((i) => stableUuid(`${this.seed}:other-partner:${i}`));
    this.customers = [];
    this.scenarios = [];
    this.relationships = [];
    this.byId = new Map([[this.partner.id, this.partner]]);
    this.byDomain = new Map([[this.partner.defaultDomain, this.partner]]);
    this.relationshipsByCustomer = new Map();
    this.usersById = new Map();
    this.contractsCache = undefined;
    this.extrasByTenant = new Map();
    for (const u of this.partner.content?.users ?? []) this.usersById.set(u.id, u as FleetUser);
    for (let index = 0; index < this.size; index++) {
      const { tenant, scenario, expiringSoon } = buildCustomerHeader({
        seed: this.seed,
        index,
        now: this.now,
        portalClientId: this.portalApp.clientId,
        delegatedScopes: PORTAL_DELEGATED_SCOPES,
        appOnlyRoles: CUSTOMER_APP_ONLY_ROLES,
      });
      this.customers.push(tenant);
      this.scenarios.push(scenario);
      this.byId.set(tenant.id, tenant);
      this.byDomain.set(tenant.defaultDomain, tenant);
      const rel = buildRelationship(new Prng(`${this.seed}:gdap:${index}`), tenant, scenario, this.gdapGroups, this.now, expiringSoon);
      // A separate stream, so the relationship in use (and everything drawn before) stays what it was.
      const others = buildOtherRelationships(new Prng(`${this.seed}:gdap-others:${index}`), tenant, rel, this.gdapGroups, this.now);
      this.relationships.push(rel, ...others);
      this.relationshipsByCustomer.set(tenant.id, [rel, ...others]);
    }
  }

  tenantById(id: string): Tenant | undefined {
    return this.byId.get(id.toLowerCase());
  }

  scenarioOf(tenant: Tenant): ScenarioTag | "partner" {
    return tenant.kind === "partner" ? "partner" : (this.scenarios[tenant.index] as ScenarioTag);
  }

  /** The tenant's directory and CA content, made on first use. */
  content(tenant: Tenant): TenantContent {
    if (!tenant.content) {
      tenant.content = buildCustomerContent({
        seed: this.seed,
        tenant,
        scenario: this.scenarios[tenant.index] as ScenarioTag,
        partnerTenantId: this.partner.id,
        otherPartnerTenantIds: this.otherPartnerTenantIds,
        now: this.now,
        policiesPerTenant: this.policiesPerTenant,
      });
      for (const u of tenant.content.users) this.usersById.set(u.id, u as FleetUser);
      this.extrasByTenant.set(tenant.id, buildDirectoryExtras(this.seed, tenant, tenant.content));
    }
    return tenant.content;
  }

  /** Service principals, terms of use, authentication contexts and custom roles, seeded from the tenant's policies as first made. */
  extras(tenant: Tenant): DirectoryExtras {
    const content = this.content(tenant);
    let extras = this.extrasByTenant.get(tenant.id);
    if (!extras) {
      extras = buildDirectoryExtras(this.seed, tenant, content);
      this.extrasByTenant.set(tenant.id, extras);
    }
    return extras;
  }

  /** Names of other partners (tenants the fleet holds no content for) that policies name, for findTenantInformationByTenantId. */
  otherPartnerName(tenantId: string): string | undefined {
    const index = this.otherPartnerTenantIds.indexOf(tenantId.toLowerCase());
    return index < 0 ? undefined : (OTHER_PARTNER_NAMES[index] ?? `Partner ${index + 1}`);
  }

  relationshipsFor(customerTenantId: string): GdapRelationship[] {
    return this.relationshipsByCustomer.get(customerTenantId) ?? [];
  }

  contracts(): Contract[] {
    this.contractsCache ??= this.customers.map((t) => ({
      id: stableUuid(`${this.seed}:contract:${t.id}`),
      contractType: "ResellerPartner",
      customerId: t.id,
      defaultDomainName: t.defaultDomain,
      displayName: t.displayName,
    }));
    return this.contractsCache;
  }

  // ---- LoginDirectory ----

  tenant(idOrDomain: string): DirectoryTenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.byId.get(key) ?? this.byDomain.get(key);
  }

  app(clientId: string): DirectoryApp | undefined {
    return clientId === this.portalApp.clientId ? this.portalApp : undefined;
  }

  consent(tenantId: string, clientId: string): AppConsent | undefined {
    return this.tenantById(tenantId)?.consents.get(clientId);
  }

  users(tenantId: string): DirectoryUser[] {
    const t = this.tenantById(tenantId);
    return t ? this.content(t).users : [];
  }

  user(userId: string): DirectoryUser | undefined {
    return this.usersById.get(userId);
  }

  gdap(partnerTenantId: string, userId: string, customerTenantId: string): GdapAccess {
    const user = this.usersById.get(userId);
    if (partnerTenantId !== this.partner.id || !user || user.tenantId !== this.partner.id) return { kind: "none" };
    const rels = this.relationshipsFor(customerTenantId);
    if (rels.length === 0) return { kind: "none" };
    const active = rels.filter(givesAccess);
    if (active.length === 0) return { kind: "inactive", status: (rels[0] as GdapRelationship).status };
    const roles = new Set<string>();
    let relationshipId: string | undefined;
    for (const r of active) {
      for (const a of r.accessAssignments) {
        if (a.status !== "active" || !user.groupIds.includes(a.groupId)) continue;
        for (const role of a.roleTemplateIds) roles.add(role);
        relationshipId ??= r.id;
      }
    }
    if (!relationshipId) return { kind: "no-assignment" };
    return { kind: "active", roleTemplateIds: [...roles], relationshipId };
  }

  // Not copies: copying every policy for each sign-in and What If was 7 % of the local cloud's CPU samples in a 10,000-tenant run.
  policies(tenantId: string): readonly unknown[] {
    const t = this.tenantById(tenantId);
    return t ? [...this.content(t).policies.values()] : [];
  }

  namedLocations(tenantId: string): readonly unknown[] {
    const t = this.tenantById(tenantId);
    return t ? [...this.content(t).namedLocations.values()] : [];
  }

  /**
   * Changes a partner user's portal app role assignment, as an admin would in Entra (Enterprise
   * applications -> Users and groups): `null` removes it. Entra then emits the new assignment in the
   * `roles` claim of the user's next ID token (howto-add-app-roles-in-apps: "When a user signs in to
   * the application, Microsoft Entra ID emits a roles claim for each role that the user ... was
   * granted"). A reset restores the seeded assignments.
   */
  assignPortalRole(userId: string, role: FleetUser["portalRole"] | null): FleetUser | undefined {
    const user = this.usersById.get(userId);
    if (!user || user.tenantId !== this.partner.id) return undefined;
    if (role) user.portalRole = role;
    else delete user.portalRole;
    return user;
  }

  appRoles(clientId: string, userId: string): string[] {
    if (clientId !== this.portalApp.clientId) return [];
    const role = this.usersById.get(userId)?.portalRole;
    return role ? [role] : [];
  }

  // ---- summary for the control plane ----

  describe(): Json {
    return {
      seed: this.seed,
      partner: {
        tenantId: this.partner.id,
        displayName: this.partner.displayName,
        domain: this.partner.defaultDomain,
        app: {
          clientId: this.portalApp.clientId,
          clientSecret: this.portalApp.secrets[0],
          displayName: this.portalApp.displayName,
          redirectUris: this.portalApp.redirectUris,
        },
        serviceAccount: { id: this.serviceAccount.id, userPrincipalName: this.serviceAccount.userPrincipalName, password: this.serviceAccount.password },
        staff: [
          ...this.staff,
          this.breakGlass,
          ...(this.partner.content?.users ?? []).filter((u) => u.note?.startsWith("no portal role") || (u as FleetUser).userType === "Guest"),
        ].map((u) => ({
          id: u.id,
          userPrincipalName: u.userPrincipalName,
          displayName: u.displayName,
          password: u.password,
          portalRole: (u as FleetUser).portalRole ?? null,
          groups: u.groupIds,
          note: u.note ?? null,
          guest: (u as FleetUser).userType === "Guest",
        })),
        gdapGroups: this.gdapGroups,
      },
      customers: this.customers.map((t) => {
        const rels = this.relationshipsFor(t.id);
        return {
          tenantId: t.id,
          displayName: t.displayName,
          domain: t.defaultDomain,
          scenario: this.scenarios[t.index],
          tags: t.tags,
          licences: t.licences,
          securityDefaults: t.securityDefaults,
          appConsent: t.consents.get(this.portalApp.clientId) ?? null,
          gdap: rels.map((r) => ({ relationshipId: r.id, status: r.status, endDateTime: r.endDateTime, roles: relationshipRoles(r) })),
        };
      }),
    };
  }
}
