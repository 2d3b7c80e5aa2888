import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { AUDIT_PAGE_SIZE, auditCsv, auditFacets, listAuditEvents, parseAuditQuery } from "./read";
import { recordAudit } from "./record";
import { recordUnauthenticated } from "./unauthenticated";

const TENANT = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const query = (params: Record<string, string>) => {
  const parsed = parseAuditQuery(Object.entries(params));
  if (!parsed.success) throw parsed.error;
  return parsed.data;
};

describe("reading the audit log", () => {
  const t = useTestPrisma();

  it("pages newest first on the server, filters by who, action, result, tenant and day, and carries counted failures", async () => {
    await t.prisma.customerTenant.create({ data: { id: TENANT, displayName: "Contoso" } });
    const base = Date.UTC(2026, 11, 5, 10, 0, 0);
    for (let i = 0; i < 120; i++) {
      await t.prisma.auditEvent.create({
        data: {
          at: new Date(base + i * 1000),
          action: "sync-tenant",
          result: "success",
          actorUpn: i % 2 ? "ops@msp.example" : "admin@msp.example",
          targetTenantId: TENANT,
        },
      });
    }
    await recordAudit(t.prisma, { action: "run-confirm", result: "denied", actor: { upn: "reader@msp.example" } });
    for (let i = 0; i < 30; i++)
      await recordUnauthenticated(t.prisma, { action: "sign-in", ip: "192.0.2.1", reason: "state" }, new Date(Date.UTC(2026, 11, 4, 9, 0, i)));

    const first = await listAuditEvents(t.prisma, query({}));
    expect(first).toMatchObject({ total: 122, page: 1, pages: 3 });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.rows[0]).toMatchObject({ action: "run-confirm", actor: "reader@msp.example", result: "denied", count: 1 });
    const ats = first.rows.map((r) => r.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const last = await listAuditEvents(t.prisma, query({ page: "3" }));
    expect(last.rows).toHaveLength(22);
    expect(last.rows.at(-2)).toMatchObject({ action: "sync-tenant", tenantName: "Contoso", at: new Date(base).toISOString() });
    expect(last.rows.at(-1)).toMatchObject({ action: "sign-in", actor: null, ip: "192.0.2.1", count: 30, lastAt: "2026-12-04T09:00:29.000Z" });
    expect((await listAuditEvents(t.prisma, query({ page: "99" }))).page).toBe(3); // past the end: the last page

    expect((await listAuditEvents(t.prisma, query({ actor: "OPS@" }))).total).toBe(60);
    expect((await listAuditEvents(t.prisma, query({ action: "run-confirm", result: "denied" }))).rows.map((r) => r.actor)).toEqual(["reader@msp.example"]);
    expect((await listAuditEvents(t.prisma, query({ tenant: TENANT.toUpperCase() }))).total).toBe(120);
    expect((await listAuditEvents(t.prisma, query({ from: "2026-12-04", to: "2026-12-04" }))).rows.map((r) => r.action)).toEqual(["sign-in"]);
    expect((await listAuditEvents(t.prisma, query({ from: "2026-12-05", to: "2026-12-05" }))).total).toBe(120);

    expect(await auditFacets(t.prisma)).toEqual({ actions: ["run-confirm", "sign-in", "sync-tenant"], tenants: [{ id: TENANT, displayName: "Contoso" }] });
  });

  it("refuses filters that are not valid, naming them", () => {
    const bad = parseAuditQuery(Object.entries({ result: "maybe", tenant: "../etc", from: "yesterday", page: "0", extra: "1" }));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".") || i.code).sort()).toEqual(["from", "page", "result", "tenant", "unrecognized_keys"]);
  });

  it("exports the same filters as CSV, one line per row with its count, formulas defused", async () => {
    await recordAudit(t.prisma, { action: "settings-ticket-required", result: "success", actor: { upn: "=cmd@msp.example" }, ip: "10.0.0.1" });
    const { csv, rows, truncated } = await auditCsv(t.prisma, query({ action: "settings-ticket-required" }));
    expect({ rows, truncated }).toEqual({ rows: 1, truncated: false });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("time (UTC),actor,action,result,tenant id,tenant,target,client address,count,last (UTC),detail");
    expect(lines[1]).toMatch(/^[0-9T:.Z-]+,'=cmd@msp\.example,settings-ticket-required,success,,,,10\.0\.0\.1,1,,$/);
  });
});
