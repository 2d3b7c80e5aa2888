import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "../../../testing/database";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import type { PrismaClient } from "../generated/client";
import { getChange, historyFacets, historyFilter, type HistoryFilter, type HistoryPartner } from "./history";
import { listChangesPage } from "./history-page";

const CONTOSO = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const FABRIKAM = "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb";
const MSP = "dddddddd-1111-4111-8111-dddddddddddd";

const OPTIONS = { scope: {}, offerNeedsReview: true };
const EXCLUDE_MSP = { action: "exclude-service-provider", target: { action: "exclude-service-provider", partnerTenantId: MSP }, options: OPTIONS };

/** The first page of 100: every change these tests record. */
const listChanges = async (prisma: PrismaClient, f: HistoryFilter, scope: TenantScope, partner: HistoryPartner | null = null) =>
  (await listChangesPage(prisma, scope, { page: 0, pageSize: 100, sort: "at", dir: "desc", ...f }, partner)).rows;

describe("history queries", () => {
  const t = useTestPrisma();
  let runA = "";

  beforeAll(async () => {
    const p = t.prisma;
    await p.customerTenant.createMany({
      data: [
        { id: CONTOSO, displayName: "Contoso" },
        { id: FABRIKAM, displayName: "Fabrikam" },
      ],
    });
    const a = await p.remediationRun.create({
      data: { kind: "tenant-fix", status: "succeeded", requestedByUpn: "ada@msp.example", ...EXCLUDE_MSP, createdAt: new Date("2026-11-20T10:00:00Z") },
    });
    const b = await p.remediationRun.create({
      data: { kind: "bulk-fix", status: "succeeded", requestedByUpn: "bob@msp.example", ...EXCLUDE_MSP, createdAt: new Date("2026-11-22T10:00:00Z") },
    });
    runA = a.id;
    const change = (runId: string, tenantId: string, result: "applied" | "failed" | "skipped", day: string) => ({
      runId,
      tenantId,
      policyId: `p-${day}`,
      policyName: `Policy ${day}`,
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      result,
      reason: "applies to all users",
      warnings: [],
      before: { conditions: { users: { includeUsers: ["All"] } } },
      requestMethod: "PATCH",
      requestPath: `/identity/conditionalAccess/policies/p-${day}`,
      requestBody: { conditions: { users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider" } } } },
      graphStatus: result === "applied" ? 204 : result === "failed" ? 403 : null,
      graphRequestId: result === "skipped" ? null : `req-${day}`,
      createdAt: new Date(`2026-11-${day}T12:00:00Z`),
    });
    await p.remediationChange.createMany({
      data: [change(a.id, CONTOSO, "applied", "20"), change(a.id, FABRIKAM, "failed", "20"), change(b.id, CONTOSO, "skipped", "22")],
    });
  });

  it("lists newest first with tenant names and who asked", async () => {
    const rows = await listChanges(t.prisma, {}, ALL_TENANTS);
    // The two changes of the 20th were recorded at the same instant: the id orders them (the greater first).
    const [newest, ...sameInstant] = rows;
    expect([newest!.tenantName, newest!.result, newest!.by]).toEqual(["Contoso", "skipped", "bob@msp.example"]);
    expect(sameInstant.map((r) => [r.tenantName, r.result, r.by])).toEqual(
      [
        { id: sameInstant.find((r) => r.tenantName === "Contoso")!.id, row: ["Contoso", "applied", "ada@msp.example"] },
        { id: sameInstant.find((r) => r.tenantName === "Fabrikam")!.id, row: ["Fabrikam", "failed", "ada@msp.example"] },
      ]
        .sort((a, b) => b.id.localeCompare(a.id))
        .map((x) => x.row),
    );
  });

  it.each([
    [{ tenant: FABRIKAM }, ["failed"]],
    [{ user: "BOB" }, ["skipped"]],
    [{ result: "applied" as const }, ["applied"]],
    [{ from: "2026-11-21" }, ["skipped"]],
    [{ to: "2026-11-20" }, ["applied", "failed"]],
  ])("filters by %j", async (filter, results) => {
    expect((await listChanges(t.prisma, filter, ALL_TENANTS)).map((r) => r.result).sort()).toEqual(results.sort());
  });

  it("filters by run", async () => {
    expect((await listChanges(t.prisma, { run: runA }, ALL_TENANTS)).every((r) => r.runId === runA)).toBe(true);
  });

  it("ignores malformed filter values instead of failing", () => {
    expect(historyFilter.parse({ tenant: "../x", result: "deleted", from: "yesterday", user: "ada" })).toEqual({ user: "ada" });
  });

  it("shows a change whole: before, the request, Graph's answer", async () => {
    const [row] = await listChanges(t.prisma, { result: "applied" }, ALL_TENANTS);
    expect(await getChange(t.prisma, row!.id, ALL_TENANTS)).toMatchObject({
      policyName: "Policy 20",
      by: "ada@msp.example",
      before: { conditions: { users: { includeUsers: ["All"] } } },
      request: { method: "PATCH", path: "/identity/conditionalAccess/policies/p-20" },
      graph: { status: 204, requestId: "req-20" },
    });
  });

  it("shows a recorded reason and warnings in names: the MSP by its partner tenant's name, a user by theirs", async () => {
    // A tenant of its own: history is append-only, and the other tests count Contoso's and Fabrikam's rows.
    const NORTHWIND = "ffffffff-1111-4111-8111-ffffffffffff";
    const BREAK_GLASS = "eeeeeeee-1111-4111-8111-eeeeeeeeeeee";
    await t.prisma.directoryName.createMany({
      data: [
        { tenantId: MSP, kind: "organization", objectId: MSP, displayName: "Tailwind MSP", status: "found", resolvedAt: new Date() },
        {
          tenantId: NORTHWIND,
          kind: "directoryObject",
          objectId: BREAK_GLASS,
          displayName: "Break Glass",
          detail: "bg@contoso.example",
          status: "found",
          resolvedAt: new Date(),
        },
      ],
    });
    const change = await t.prisma.remediationChange.create({
      data: {
        runId: runA,
        tenantId: NORTHWIND,
        policyId: "p-names",
        policyName: "Policy names",
        action: "exclude-service-provider",
        plannedOutcome: "patch",
        result: "applied",
        reason: `The request adds service provider users from tenant ${MSP} to excludeGuestsOrExternalUsers.`,
        warnings: [`${BREAK_GLASS} stays excluded.`],
      },
    });
    // Names beside ids, never a bare id where the sync read a name.
    const shown = await getChange(t.prisma, change.id, ALL_TENANTS, [], MSP);
    expect(shown!.reason).toContain(`from tenant Tailwind MSP (your MSP tenant) (${MSP}) to`);
    expect(shown!.warnings).toEqual([`Break Glass, bg@contoso.example (${BREAK_GLASS}) stays excluded.`]);
    // Without the partner tenant known, the id stays as recorded.
    expect((await getChange(t.prisma, change.id, ALL_TENANTS))!.reason).toContain(`from tenant ${MSP} to`);
  });

  it("names the partner's own tenant, and shows the request sent: a /beta one, a create without a policy id", async () => {
    const PARTNER = "cccccccc-1111-4111-8111-cccccccccccc";
    const run = await t.prisma.remediationRun.create({
      data: {
        kind: "service-account-fix",
        status: "succeeded",
        requestedByUpn: "ada@msp.example",
        action: "create-service-account-policy",
        target: {
          action: "create-service-account-policy",
          accountObjectId: "5a5a5a5a-1111-4111-8111-5a5a5a5a5a5a",
          accountUpn: "svc@msp.example",
          dedicatedPolicy: { dedicatedPolicyId: null, dedicatedPolicyName: "Dedicated" },
        },
        options: OPTIONS,
        createdAt: new Date("2026-11-25T10:00:00Z"),
      },
    });
    const create = {
      runId: run.id,
      tenantId: PARTNER,
      policyId: null,
      policyName: "Dedicated",
      action: "create-service-account-policy",
      plannedOutcome: "create",
      reason: "creates it",
      warnings: [],
      requestMethod: "POST",
      requestBody: {},
    };
    await t.prisma.remediationChange.createMany({
      data: [
        { ...create, result: "failed", requestPath: "/identity/conditionalAccess/policies", graphStatus: 400, createdAt: new Date("2026-11-25T12:00:00Z") },
        {
          ...create,
          result: "applied",
          requestPath: "/beta/identity/conditionalAccess/policies",
          graphStatus: 201,
          createdAt: new Date("2026-11-25T12:00:01Z"),
        },
      ],
    });
    const rows = await listChanges(t.prisma, { run: run.id }, ALL_TENANTS, { id: PARTNER, displayName: "Partner tenant (MSP)" });
    expect(rows.map((r) => [r.tenantName, r.policyId, r.request, r.result])).toEqual([
      ["Partner tenant (MSP)", null, "POST /beta/identity/conditionalAccess/policies", "applied"],
      ["Partner tenant (MSP)", null, "POST /identity/conditionalAccess/policies", "failed"],
    ]);
  });
  it("shows a person scoped to tenant groups only the changes to their tenants (and to the MSP's own tenant), and hides the rest", async () => {
    const scope = { all: false as const, tenantIds: new Set([CONTOSO]), groups: ["West"] };
    expect((await listChanges(t.prisma, {}, scope)).map((r) => r.tenantName).sort()).toEqual(["Contoso", "Contoso"]);
    // Asking for another tenant by name finds nothing rather than its rows.
    expect(await listChanges(t.prisma, { tenant: FABRIKAM }, scope)).toEqual([]);
    const fabrikam = (await listChanges(t.prisma, { tenant: FABRIKAM }, ALL_TENANTS))[0]!;
    expect(await getChange(t.prisma, fabrikam.id, scope)).toBeNull();
    // The filter names the tenant it filters by, never one outside the scope, and lists no fleet.
    expect((await historyFacets(t.prisma, scope, [], CONTOSO)).tenants.map((x) => x.displayName)).toEqual(["Contoso"]);
    expect((await historyFacets(t.prisma, scope, [], FABRIKAM)).tenants).toEqual([]);
    expect((await historyFacets(t.prisma, ALL_TENANTS, [{ id: "partner", displayName: "Tailwind (MSP)" }])).tenants).toEqual([
      { id: "partner", displayName: "Tailwind (MSP)" },
    ]);
  });
});
