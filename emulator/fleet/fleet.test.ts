import { describe, expect, it } from "vitest";
import { ROLE } from "../contract";
import { validateGraphValue } from "../graph/schema";
import { relationshipJson } from "../graph/tenant-relationships";
import { Fleet } from "./fleet";
import type { Json, Tenant } from "./model";
import { SCENARIOS } from "./scenarios";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const fleet = new Fleet({ tenants: 40, seed: 1, now: NOW });
const byTag = (tag: string): Tenant => fleet.customers.find((t) => t.tags[0] === tag)!;
const policiesOf = (t: Tenant): Json[] => [...fleet.content(t).policies.values()];

// Independent of the seeder's own helpers: does the policy reach the partner's technicians, and
// does it exclude them?
function reachesPartner(p: Json, partner: string): boolean {
  const u = (p.conditions as Json).users as Json | null;
  if (!u) return false;
  const inc = u.includeUsers as string[];
  const g = u.includeGuestsOrExternalUsers as Json | null;
  const gTenants = g?.externalTenants as Json | undefined;
  return (
    inc.includes("All") ||
    inc.includes("GuestsOrExternalUsers") ||
    (String(g?.guestOrExternalUserTypes ?? "")
      .split(",")
      .includes("serviceProvider") &&
      (gTenants?.membershipKind === "all" || (gTenants?.members as string[] | undefined)?.includes(partner) === true))
  );
}
function excludesPartner(p: Json, partner: string): boolean {
  const u = (p.conditions as Json).users as Json;
  if ((u.excludeUsers as string[]).includes("GuestsOrExternalUsers")) return true;
  const x = u.excludeGuestsOrExternalUsers as Json | null;
  const xt = x?.externalTenants as Json | undefined;
  return (
    String(x?.guestOrExternalUserTypes ?? "")
      .split(",")
      .includes("serviceProvider") &&
    (xt?.membershipKind === "all" || (xt?.members as string[]).includes(partner))
  );
}
const partner = fleet.partner.id;
const exposed = (t: Tenant) => policiesOf(t).filter((p) => reachesPartner(p, partner) && !excludesPartner(p, partner));

describe("Fleet", () => {
  it("is deterministic for a seed, whatever order tenants are read in", () => {
    const again = new Fleet({ tenants: 40, seed: 1, now: NOW });
    for (const t of [...again.customers].reverse()) again.content(t);
    expect(again.describe()).toEqual(fleet.describe());
    expect(policiesOf(again.customers[3]!)).toEqual(policiesOf(fleet.customers[3]!));
    const other = new Fleet({ tenants: 40, seed: 2, now: NOW });
    expect(other.partner.id).not.toBe(fleet.partner.id);
  });

  it("covers every scenario in the first tenants, each tagged", () => {
    expect(fleet.customers.slice(0, SCENARIOS.length).map((t) => t.tags[0])).toEqual(SCENARIOS.map((s) => s.tag));
    for (const t of fleet.customers) expect(t.tags.length).toBeGreaterThan(0);
    expect(new Set(fleet.customers.map((t) => t.id)).size).toBe(40);
    expect(new Set(fleet.customers.map((t) => t.defaultDomain)).size).toBe(40);
  });

  it("seeds only policies Graph would return, with ids that exist in the tenant", () => {
    for (const t of [fleet.partner, ...fleet.customers]) {
      const users = new Set(fleet.content(t).users.map((u) => u.id));
      for (const p of policiesOf(t)) {
        expect(validateGraphValue("conditionalAccessPolicy", p, { mode: "response" }), String(p.displayName)).toEqual([]);
        const ids = (((p.conditions as Json).users as Json | null)?.excludeUsers as string[] | undefined) ?? [];
        for (const id of ids.filter((x) => x !== "GuestsOrExternalUsers")) expect(users.has(id)).toBe(true);
        expect(JSON.stringify(p)).not.toMatch(/<[A-Za-z]+>|%msptenantid%|xxxxxxxx/);
      }
    }
  });

  it("makes the scenarios true of the data", () => {
    expect(exposed(byTag("healthy"))).toEqual([]);
    expect(exposed(byTag("missing-exclusion")).some((p) => p.state === "enabled")).toBe(true);
    const otherTypes = policiesOf(byTag("exclusion-other-guest-types")).map(
      (p) => ((p.conditions as Json).users as Json | null)?.excludeGuestsOrExternalUsers as Json | null,
    );
    expect(otherTypes.some((x) => x && !String(x.guestOrExternalUserTypes).includes("serviceProvider"))).toBe(true);
    const otherTenants = policiesOf(byTag("exclusion-other-tenants")).map(
      (p) => ((p.conditions as Json).users as Json | null)?.excludeGuestsOrExternalUsers as Json | null,
    );
    expect(
      otherTenants.some((x) => x?.guestOrExternalUserTypes === "serviceProvider" && !((x.externalTenants as Json).members as string[]).includes(partner)),
    ).toBe(true);
    const all = policiesOf(byTag("membership-all")).map(
      (p) => (((p.conditions as Json).users as Json | null)?.excludeGuestsOrExternalUsers as Json | null)?.externalTenants as Json | undefined,
    );
    expect(all.some((x) => x?.membershipKind === "all")).toBe(true);
    expect(
      policiesOf(byTag("legacy-guests")).some((p) => (((p.conditions as Json).users as Json).excludeUsers as string[]).includes("GuestsOrExternalUsers")),
    ).toBe(true);
    const targeting = policiesOf(byTag("targets-service-providers")).find((p) => ((p.conditions as Json).users as Json | null)?.includeGuestsOrExternalUsers);
    expect(((((targeting?.conditions as Json).users as Json).includeGuestsOrExternalUsers as Json).externalTenants as Json).members).toEqual([partner]);
    const dro = exposed(byTag("disabled-and-report-only")).map((p) => p.state);
    expect(dro).toContain("disabled");
    expect(dro).toContain("enabledForReportingButNotEnforced");
    expect(byTag("no-p1").licences.entraP1).toBe(false);
    const sd = byTag("security-defaults");
    expect(sd.securityDefaults).toBe(true);
    expect(policiesOf(sd).every((p) => p.state !== "enabled")).toBe(true);
    expect(fleet.content(byTag("large")).policies.size).toBeGreaterThan(100);
    const blocked = byTag("blocked-by-ca");
    expect(exposed(blocked).some((p) => p.state === "enabled" && ((p.grantControls as Json).builtInControls as string[]).includes("compliantDevice"))).toBe(
      true,
    );
    expect(fleet.consent(blocked.id, fleet.portalApp.clientId)?.appRoles).toEqual([
      "Policy.Read.All",
      "Policy.ReadWrite.ConditionalAccess",
      "Directory.Read.All",
      "Agreement.Read.All",
      "CrossTenantInformation.ReadBasic.All",
    ]);
    expect(fleet.consent(byTag("no-app-consent").id, fleet.portalApp.clientId)).toBeUndefined();
  });

  it("answers GDAP standing as the login face needs it", () => {
    const [admin, , reader] = fleet.staff;
    const tech = fleet.content(fleet.partner).users.find((u) => u.userPrincipalName.startsWith("technician@"))!;
    const healthy = byTag("healthy");
    expect(fleet.gdap(partner, admin!.id, healthy.id)).toMatchObject({
      kind: "active",
      roleTemplateIds: expect.arrayContaining([ROLE.conditionalAccessAdministrator, ROLE.securityReader]),
    });
    expect(fleet.gdap(partner, reader!.id, healthy.id)).toMatchObject({ kind: "active", roleTemplateIds: [ROLE.securityReader, ROLE.globalReader] });
    expect(fleet.gdap(partner, fleet.serviceAccount.id, byTag("gdap-read-only").id)).toMatchObject({ kind: "active", roleTemplateIds: [ROLE.securityReader] });
    expect(fleet.gdap(partner, admin!.id, byTag("gdap-expired").id)).toEqual({ kind: "inactive", status: "expired" });
    expect(fleet.gdap(partner, admin!.id, byTag("gdap-terminated").id)).toEqual({ kind: "inactive", status: "terminated" });
    expect(fleet.gdap(partner, tech.id, healthy.id)).toEqual({ kind: "no-assignment" });
    expect(fleet.gdap(healthy.id, admin!.id, healthy.id)).toEqual({ kind: "none" });
    for (const t of fleet.customers.filter((c) => c.tags.includes("gdap-expiring"))) {
      const end = Date.parse(fleet.relationshipsFor(t.id)[0]!.endDateTime!);
      expect(end - NOW).toBeGreaterThan(0);
      expect(end - NOW).toBeLessThan(30 * 86_400_000);
    }
  });

  it("gives some customers several relationships with realistic statuses, v1.0-exact, the one in use first", () => {
    const statuses = fleet.customers.map((t) => fleet.relationshipsFor(t.id).map((r) => r.status));
    // The demo's scenario tenants keep exactly one.
    for (const s of statuses.slice(0, 16)) expect(s).toHaveLength(1);
    expect(statuses.some((s) => s.length > 1)).toBe(true);
    expect(statuses.some((s) => s.includes("approvalPending"))).toBe(true);
    expect(statuses.some((s) => s[0] === "active" && s.includes("expired"))).toBe(true);
    for (const t of fleet.customers) {
      const rels = fleet.relationshipsFor(t.id);
      for (const r of rels) {
        expect(validateGraphValue("delegatedAdminRelationship", relationshipJson(r), { mode: "response" }), r.displayName).toEqual([]);
        if (r.status === "approvalPending") expect([r.activatedDateTime, r.endDateTime, r.accessAssignments]).toEqual([null, null, []]);
      }
      expect(new Set(rels.map((r) => r.displayName)).size).toBe(rels.length); // unique per partner, as documented
    }
    // "expiring" still gives the roles (the sign-in works), as "active" does.
    const expiring = fleet.customers.find((t) => t.tags.includes("gdap-expiring"))!;
    expect(fleet.relationshipsFor(expiring.id)[0]!.status).toBe("expiring");
    expect(fleet.gdap(partner, fleet.serviceAccount.id, expiring.id)).toMatchObject({ kind: "active" });
  });

  it("implements the rest of LoginDirectory", () => {
    expect(fleet.tenant("TAILWINDMSP.onmicrosoft.com")?.id).toBe(partner);
    expect(fleet.app(fleet.portalApp.clientId)?.redirectUris).toEqual([
      "http://localhost:3000/api/auth/callback",
      "http://localhost:3000/api/partner/connect/callback",
      "http://127.0.0.1:3000/api/auth/callback",
      "http://127.0.0.1:3000/api/partner/connect/callback",
    ]);
    expect(fleet.app("nope")).toBeUndefined();
    expect(fleet.appRoles(fleet.portalApp.clientId, fleet.staff[1]!.id)).toEqual(["Portal.Operator"]);
    expect(fleet.appRoles(fleet.portalApp.clientId, fleet.serviceAccount.id)).toEqual([]);
    const t = fleet.customers[0]!;
    const [u] = fleet.users(t.id);
    expect(fleet.user(u!.id)).toBe(u);
    expect(fleet.policies(t.id)).toEqual(policiesOf(t));
    expect(fleet.namedLocations(t.id)).toHaveLength(2);
    expect(fleet.consent(partner, fleet.portalApp.clientId)?.appRoles).toEqual(["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "User.Read.All"]);
  });

  it("builds 5,000 tenant headers quickly and lazily", () => {
    const started = performance.now();
    const big = new Fleet({ tenants: 5000, seed: 3, now: NOW });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(big.customers.filter((t) => t.content).length).toBe(0);
    expect(big.policies(big.customers[4999]!.id).length).toBeGreaterThanOrEqual(0);
    expect(big.customers.filter((t) => t.content).length).toBe(1);
  });
});

describe("policiesPerTenant (the bulk benchmark's fleets)", () => {
  it("gives every tenant with Conditional Access about that many valid policies, more than the templates if asked", () => {
    const sized = new Fleet({ tenants: 20, seed: 3, now: NOW, policiesPerTenant: 40 });
    for (const tenant of sized.customers) {
      const scenario = sized.scenarioOf(tenant);
      const count = sized.policies(tenant.id).length;
      if (scenario === "no-p1") expect(count).toBe(0);
      // Draws Graph would refuse are left out, and a scenario may add its own policies (at most three:
      // disabled-and-report-only's two and its Microsoft-managed one).
      else expect(count, `${scenario}`).toBeGreaterThanOrEqual(30);
      if (scenario !== "no-p1") expect(count).toBeLessThanOrEqual(43);
    }
  });
});

describe("Microsoft-managed policies (emulator/README.md managed-policy-shape)", () => {
  it("are carried by the disabled-and-report-only tenants only, as Graph v1.0 lists them", () => {
    const fleet = new Fleet({ tenants: 40, seed: 1, now: NOW });
    for (const tenant of fleet.customers) {
      // The corpus holds two real managed policies too (drawn like any other); this is the scenario's own.
      const managed = fleet
        .policies(tenant.id)
        .filter((p) => (p as { displayName?: unknown }).displayName === "Microsoft-managed: Block legacy authentication");
      if (fleet.scenarioOf(tenant) !== "disabled-and-report-only") {
        expect(managed, tenant.displayName).toEqual([]);
        continue;
      }
      expect(managed).toHaveLength(1);
      expect(managed[0]).toMatchObject({
        state: "enabledForReportingButNotEnforced",
        templateId: expect.stringMatching(/^4200930c-0da2-4e33-ca01-/),
      });
    }
  });
});
