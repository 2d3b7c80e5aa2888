import { describe, expect, it } from "vitest";
import type { GdapRelationship, PartnerGraph } from "../graph/partner-graph-contract";
import { GraphFailure, type GraphPolicy, type TenantGraph } from "../graph/tenant-graph-contract";
import { useTestPrisma } from "../../testing/database";
import { partnerLabel } from "../names/store";
import { QUEUES } from "../jobs/queue";
import { syncJobHandlers } from "./jobs";
import { syncCustomers, syncTenant, type SyncDeps } from "./sync";

const PARTNER = "99999999-1111-4111-8111-999999999999";
const HEALTHY = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const EXPIRED = "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb";
const CA_ADMIN = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";

const policy = (id: string, users: object, state = "enabled"): GraphPolicy => ({
  id,
  displayName: `Policy ${id}`,
  state,
  modifiedDateTime: "2026-11-01T10:00:00Z",
  conditions: { users, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
});

const excluded = {
  includeUsers: ["All"],
  excludeGuestsOrExternalUsers: {
    guestOrExternalUserTypes: "serviceProvider",
    externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [PARTNER] },
  },
};

function fakeTenant(tenantId: string, policies: GraphPolicy[] | GraphFailure, access: TenantGraph["access"] = "delegated"): TenantGraph {
  const fail = () => {
    throw new Error("not used by sync");
  };
  return {
    tenantId,
    access,
    listPolicies: async () => {
      if (policies instanceof GraphFailure) throw policies;
      return policies;
    },
    getPolicy: fail,
    patchPolicy: fail,
    createPolicy: fail,
    listNamedLocations: async () => [],
    evaluate: fail,
    // The directory knows every group the policies name, as "Finance team"; one request for all of them.
    readNames: async (refs) => ({
      names: refs.directoryObject.map((id) => ({ kind: "directoryObject" as const, id, displayName: "Finance team", status: "found" as const })),
      requests: refs.directoryObject.length > 0 ? 1 : 0,
      caRequests: 0,
      unreadable: [],
    }),
  };
}

describe("sync", () => {
  const t = useTestPrisma();
  let tenants: Record<string, TenantGraph | GraphFailure> = {};
  const relationships: GdapRelationship[] = [
    {
      id: "r1",
      displayName: "Contoso GDAP",
      customerTenantId: HEALTHY,
      customerDisplayName: "Contoso",
      status: "active",
      endDateTime: "2027-06-01T00:00:00Z",
      createdDateTime: "2026-06-01T09:00:00Z",
      activatedDateTime: "2026-06-02T10:00:00Z",
      autoExtendDuration: "P180D",
      roleIds: [CA_ADMIN],
    },
    {
      id: "r0",
      displayName: "Contoso GDAP (first)",
      customerTenantId: HEALTHY,
      customerDisplayName: "Contoso",
      status: "expired",
      endDateTime: "2026-05-01T00:00:00Z",
      createdDateTime: "2025-11-01T09:00:00Z",
      activatedDateTime: "2025-11-02T10:00:00Z",
      autoExtendDuration: "PT0S",
      roleIds: [],
    },
    {
      id: "r2",
      displayName: "Fabrikam GDAP",
      customerTenantId: EXPIRED,
      customerDisplayName: "Fabrikam",
      status: "expired",
      endDateTime: "2026-01-01T00:00:00Z",
      createdDateTime: null,
      activatedDateTime: null,
      autoExtendDuration: null,
      roleIds: [CA_ADMIN],
    },
  ];
  const deps = (): SyncDeps => ({
    prisma: t.prisma,
    partnerTenantId: PARTNER,
    partner: async (): Promise<PartnerGraph> => ({
      listGdapRelationships: async () => relationships,
      organizationName: async () => "Contoso Partner Services",
    }),
    openTenant: async (id) => {
      const g = tenants[id];
      if (!g) throw new Error(`no fake for ${id}`);
      if (g instanceof GraphFailure) throw g;
      return g;
    },
    now: () => new Date("2026-11-24T12:00:00Z"),
  });

  it("lists customers from GDAP with status, roles and end of access", async () => {
    expect((await syncCustomers(deps())).sort()).toEqual([HEALTHY, EXPIRED].sort());
    // The partner tenant's own name, read from Graph, is how the MSP is named everywhere.
    expect(await partnerLabel(t.prisma, PARTNER)).toBe("Contoso Partner Services (your MSP tenant)");
    const rows = await t.prisma.customerTenant.findMany({ orderBy: { displayName: "asc" } });
    expect(rows.map((r) => [r.displayName, r.gdapStatus, r.gdapRoles, r.gdapEndsAt?.toISOString() ?? null])).toEqual([
      ["Contoso", "active", [CA_ADMIN], "2027-06-01T00:00:00.000Z"],
      ["Fabrikam", "expired", [], null],
    ]);
    // Each relationship is kept whole for the tenant's page: Contoso's two, Fabrikam's one.
    const kept = await t.prisma.gdapRelationship.findMany({ orderBy: { id: "asc" } });
    expect(kept.map((r) => [r.id, r.tenantId, r.status, r.autoExtendDuration, r.activatedAt?.toISOString() ?? null])).toEqual([
      ["r0", HEALTHY, "expired", "PT0S", "2025-11-02T10:00:00.000Z"],
      ["r1", HEALTHY, "active", "P180D", "2026-06-02T10:00:00.000Z"],
      ["r2", EXPIRED, "expired", null, null],
    ]);
  });

  it("replaces the relationships at the next read: one Graph no longer lists is gone", async () => {
    const before = relationships.splice(1, 1);
    try {
      await syncCustomers(deps());
      expect((await t.prisma.gdapRelationship.findMany({ where: { tenantId: HEALTHY } })).map((r) => r.id)).toEqual(["r1"]);
    } finally {
      relationships.splice(1, 0, ...before);
      await syncCustomers(deps());
    }
  });

  it("stores a tenant's policies and counts what needs the fix or a review", async () => {
    tenants = {
      [HEALTHY]: fakeTenant(HEALTHY, [
        policy("p1", { includeUsers: ["All"] }),
        policy("p2", excluded),
        policy("p3", { includeUsers: ["GuestsOrExternalUsers"] }, "enabledForReportingButNotEnforced"),
        policy("p4", { includeGroups: ["11111111-2222-4333-8444-555555555555"] }, "disabled"),
      ]),
    };
    expect(await syncTenant(deps(), HEALTHY)).toEqual({
      ok: true,
      access: "delegated",
      policyCount: 4,
      needsFixCount: 1,
      needsReviewCount: 1,
      nameRequests: 1,
      nameCaRequests: 0,
      names: 1,
      missing: 0,
      unreadable: [],
    });
    // What the policies point at is named (lib/names), and what that cost is on the tenant's row.
    expect(await t.prisma.directoryName.findMany({ where: { tenantId: HEALTHY }, select: { kind: true, objectId: true, displayName: true } })).toEqual([
      { kind: "directoryObject", objectId: "11111111-2222-4333-8444-555555555555", displayName: "Finance team" },
    ]);
    expect(await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: HEALTHY } })).toMatchObject({ nameRequests: 1, nameCaRequests: 0 });
    const tenant = await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: HEALTHY } });
    expect(tenant).toMatchObject({ accessHealth: "delegated", policyCount: 4, needsFixCount: 1, needsReviewCount: 1, lastSyncError: null });
    const snaps = await t.prisma.policySnapshot.findMany({ where: { tenantId: HEALTHY }, orderBy: { policyId: "asc" } });
    expect(snaps.map((s) => [s.policyId, s.state])).toEqual([
      ["p1", "enabled"],
      ["p2", "enabled"],
      ["p3", "enabledForReportingButNotEnforced"],
      ["p4", "disabled"],
    ]);

    // A policy deleted in the tenant disappears from the snapshots on the next sync.
    tenants = { [HEALTHY]: fakeTenant(HEALTHY, [policy("p2", excluded)], "app-only") };
    expect(await syncTenant(deps(), HEALTHY)).toMatchObject({ ok: true, access: "app-only", policyCount: 1, needsFixCount: 0 });
    expect(await t.prisma.policySnapshot.count({ where: { tenantId: HEALTHY } })).toBe(1);
  });

  it("reads Entra ID P2 only when a policy uses user or sign-in risk, and keeps what it read", async () => {
    let asked = 0;
    const withPlans = (policies: GraphPolicy[], p2: boolean): TenantGraph => ({
      ...fakeTenant(HEALTHY, policies),
      entraP2: async () => {
        asked++;
        return p2;
      },
    });
    tenants = { [HEALTHY]: withPlans([policy("p2", excluded)], true) };
    await syncTenant(deps(), HEALTHY);
    expect(asked).toBe(0);
    expect((await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: HEALTHY } })).entraP2).toBeNull();
    const risky: GraphPolicy = {
      id: "p5",
      displayName: "Policy p5",
      state: "enabled",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"], signInRiskLevels: ["high"] },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    };
    tenants = { [HEALTHY]: withPlans([policy("p2", excluded), risky], false) };
    await syncTenant(deps(), HEALTHY);
    expect(asked).toBe(1);
    expect((await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: HEALTHY } })).entraP2).toBe(false);
    // Back to the one policy the next test expects.
    tenants = { [HEALTHY]: fakeTenant(HEALTHY, [policy("p2", excluded)], "app-only") };
    await syncTenant(deps(), HEALTHY);
  });

  it("re-reads a tenant after a run without reading its names again; a person's sync reads them", async () => {
    const RUN = "cccccccc-1111-4111-8111-cccccccccccc";
    let nameReads = 0;
    const graph = fakeTenant(HEALTHY, [policy("p2", excluded), policy("p6", { includeGroups: ["11111111-2222-4333-8444-555555555555"] })]);
    tenants = { [HEALTHY]: { ...graph, readNames: async (refs) => (nameReads++, graph.readNames(refs)) } };
    const handler = syncJobHandlers(
      async () => deps(),
      async () => undefined,
    ).find((h) => h.queue === QUEUES.syncTenant)!;

    // The job a run sends when its part of the tenant ends (lib/runs/resync-after.ts).
    expect(await handler.run({ tenantId: HEALTHY, runId: RUN })).toMatchObject({ ok: true, access: "delegated", policyCount: 2, nameRequests: 0 });
    expect(nameReads).toBe(0);
    const tenant = await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: HEALTHY } });
    expect(tenant).toMatchObject({ accessHealth: "delegated", policyCount: 2, lastSyncError: null });
    // What the re-read noticed is the run's observation.
    expect(await t.prisma.policyVersion.findFirst({ where: { tenantId: HEALTHY, policyId: "p6" }, select: { seenBy: true, runId: true } })).toEqual({
      seenBy: "run",
      runId: RUN,
    });

    expect(await handler.run({ tenantId: HEALTHY })).toMatchObject({ ok: true, nameRequests: 1 });
    expect(nameReads).toBe(1);
    await expect(handler.run({ tenantId: "not-a-tenant" })).rejects.toThrow();
    // Back to the one policy the next test expects.
    tenants = { [HEALTHY]: fakeTenant(HEALTHY, [policy("p2", excluded)], "app-only") };
    await syncTenant(deps(), HEALTHY);
  });

  it("records why a tenant could not be read, and keeps its last snapshots", async () => {
    tenants = {
      [HEALTHY]: new GraphFailure("blocked-by-ca", "Conditional Access policy p9 in the customer's tenant blocks the MSP's GDAP sign-in (AADSTS53003)."),
    };
    expect(await syncTenant(deps(), HEALTHY)).toEqual({ ok: false, problem: "blocked-by-ca", message: expect.stringContaining("AADSTS53003") });
    const tenant = await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: HEALTHY } });
    expect(tenant.accessHealth).toBe("blocked-by-ca");
    expect(tenant.accessReason).toContain("blocks the MSP's GDAP sign-in");
    expect(await t.prisma.policySnapshot.count({ where: { tenantId: HEALTHY } })).toBe(1);

    // The last read got in (app-only), this one is blocked: "access newly blocked", once, not at every read.
    const blocked = await t.prisma.guardEvent.findMany({ where: { tenantId: HEALTHY, type: "access-blocked" } });
    expect(blocked.map((e) => e.summary)).toEqual([
      "The MSP's GDAP sign-in into Contoso is now blocked by its Conditional Access: Conditional Access policy p9 in the customer's tenant blocks the MSP's GDAP sign-in (AADSTS53003).",
    ]);
    await syncTenant(deps(), HEALTHY);
    expect(await t.prisma.guardEvent.count({ where: { tenantId: HEALTHY, type: "access-blocked" } })).toBe(1);
  });

  it("marks a customer whose relationships are all gone", async () => {
    relationships.splice(
      relationships.findIndex((r) => r.customerTenantId === EXPIRED),
      1,
    );
    await syncCustomers(deps());
    expect((await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: EXPIRED } })).gdapStatus).toBe("none");
    expect(await t.prisma.gdapRelationship.count({ where: { tenantId: EXPIRED } })).toBe(0);
  });
});
