import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createPrismaClient } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { freshDatabase, type TestDatabase } from "../../testing/database";
import { ActionError, createActionClient, isBuiltAction, touchesPartnerTenant } from "./action-client";
import { ALL_TENANTS, type TenantScope } from "./scope";
import type { SessionUser } from "./sessions";

const TENANT = "11111111-2222-4333-8444-555555555555";

describe("the action client", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let current: SessionUser | null = null;
  let scope: TenantScope = ALL_TENANTS;
  let ran = 0;
  const logged: unknown[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    prisma = createPrismaClient(db.url);
    await prisma.customerTenant.create({ data: { id: TENANT, displayName: "Contoso" } });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  const action = createActionClient({
    currentUser: async () => current,
    scopeOf: async () => scope,
    prisma: () => prisma,
    clientIp: async () => "203.0.113.9",
    log: () => pino({ level: "error" }, { write: (line: string) => logged.push(JSON.parse(line)) }),
  });

  const fixTenant = action(
    { name: "fix-tenant", role: "operator", input: z.strictObject({ tenantId: z.uuid() }), tenantOf: (i) => i.tenantId },
    async ({ tenantId }, { user }) => {
      ran++;
      if (tenantId === TENANT && user.upn === "boom@msp.example") throw new Error("database password is hunter2");
      if (user.upn === "conflict@msp.example") throw new ActionError("conflict", "The policy changed since the preview.");
      return { fixed: tenantId, by: user.upn };
    },
  );

  const fixMany = action(
    {
      name: "fix-many",
      role: "operator",
      input: z.strictObject({ tenantIds: z.array(z.uuid()) }),
      roleFor: async ({ tenantIds }, db) => (tenantIds.length >= (await db.customerTenant.count()) ? "admin" : "operator"),
    },
    async ({ tenantIds }) => {
      ran++;
      return { fixed: tenantIds.length };
    },
  );

  // Step-up decided from the input (as run-confirm decides it from the run in the database).
  const touchPartner = action(
    {
      name: "touch-partner",
      role: "operator",
      input: z.strictObject({ partner: z.boolean() }),
      freshSignIn: async ({ partner }) => partner,
    },
    async () => {
      ran++;
      return { done: true };
    },
  );
  const batch = action(
    {
      name: "fix-batch",
      role: "operator",
      input: z.strictObject({ tenantIds: z.array(z.uuid()) }),
      tenantsOf: async ({ tenantIds }) => ({ tenantIds }),
    },
    async ({ tenantIds }) => {
      ran++;
      return { fixed: tenantIds.length };
    },
  );
  const partnerChange = action({ name: "partner-change", role: "operator", input: z.strictObject({}), tenantsOf: touchesPartnerTenant }, async () => {
    ran++;
    return { changed: true };
  });

  const as = (role: string, upn = `${role}@msp.example`): SessionUser =>
    ({ sessionId: "s", userId: crypto.randomUUID(), tenantId: crypto.randomUUID(), objectId: crypto.randomUUID(), upn, displayName: upn, role }) as SessionUser;

  const lastAudit = () => prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

  it("runs for a permitted user with valid input", async () => {
    current = as("operator");
    expect(await fixTenant({ tenantId: TENANT })).toEqual({ ok: true, data: { fixed: TENANT, by: "operator@msp.example" } });
    expect(isBuiltAction(fixTenant)).toBe(true);
  });

  it("a fresh sign-in where the definition asks for one: an old or unknown sign-in is asked to sign in again, nothing runs", async () => {
    const before = ran;
    current = { ...as("operator"), authTime: new Date(Date.now() - 16 * 60_000) };
    expect(await touchPartner({ partner: false })).toEqual({ ok: true, data: { done: true } });
    const stale = await touchPartner({ partner: true });
    expect(stale).toMatchObject({ ok: false, error: { code: "reauthenticate", signInUrl: "/api/auth/login?fresh=1" } });
    expect(!stale.ok && stale.error.message).toBe(
      "This needs a sign-in within the last 15 minutes; you last signed in 16 minutes ago. Sign in again to continue.",
    );
    expect(await lastAudit()).toMatchObject({ action: "touch-partner", result: "denied", detail: expect.objectContaining({ reason: "sign-in too old" }) });
    current = { ...as("operator"), authTime: null };
    expect(await touchPartner({ partner: true })).toMatchObject({ ok: false, error: { code: "reauthenticate" } });
    expect(ran).toBe(before + 1);
    current = { ...as("operator"), authTime: new Date(Date.now() - 60_000) };
    expect(await touchPartner({ partner: true })).toEqual({ ok: true, data: { done: true } });
  });

  it("refuses without a session, runs nothing, and audits the refusal", async () => {
    current = null;
    const before = ran;
    expect(await fixTenant({ tenantId: TENANT })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(ran).toBe(before);
    expect(await lastAudit()).toMatchObject({ action: "fix-tenant", result: "denied", ip: "203.0.113.9", actorUpn: null });
  });

  it("counts repeated refusals without a session on the same audit row (lib/audit/unauthenticated.ts)", async () => {
    current = null;
    const rowsBefore = await prisma.auditEvent.count({ where: { action: "fix-tenant" } });
    for (let i = 0; i < 20; i++) await fixTenant({ tenantId: TENANT });
    const rowsAfter = await prisma.auditEvent.count({ where: { action: "fix-tenant" } });
    // The same minute: no new row (a minute boundary in the middle of the loop adds one).
    expect(rowsAfter - rowsBefore).toBeLessThanOrEqual(1);
    const windows = await prisma.auditFailureWindow.findMany({ where: { action: "fix-tenant", ip: "203.0.113.9" } });
    expect(windows.reduce((n, w) => n + w.count, 0)).toBe(21);
  });

  it("asks for the role the request needs: every tenant at once needs an admin, and the refusal is audited", async () => {
    current = as("operator");
    const before = ran;
    expect(await fixMany({ tenantIds: [TENANT] })).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: "This request needs the admin role; you are an operator." },
    });
    expect(ran).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: "fix-many",
      result: "denied",
      actorUpn: "operator@msp.example",
      detail: { reason: "request requires admin" },
    });
    expect(await fixMany({ tenantIds: [] })).toEqual({ ok: true, data: { fixed: 0 } });
    current = as("admin");
    expect(await fixMany({ tenantIds: [TENANT] })).toEqual({ ok: true, data: { fixed: 1 } });
  });

  it("refuses a reader's call to an operator action and audits who tried", async () => {
    current = as("reader");
    const before = ran;
    expect(await fixTenant({ tenantId: TENANT })).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: "This needs the operator role; you are a reader." },
    });
    expect(ran).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: "fix-tenant",
      result: "denied",
      actorUpn: "reader@msp.example",
      detail: { reason: "requires operator" },
    });
  });

  it("rejects unknown keys and malformed ids before the body runs", async () => {
    current = as("admin");
    const before = ran;
    const extra = await fixTenant({ tenantId: TENANT, graphPath: "/../../users" });
    expect(extra).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(await fixTenant({ tenantId: "../users?$filter=x" })).toMatchObject({
      ok: false,
      error: { code: "invalid", fields: { tenantId: [expect.any(String)] } },
    });
    expect(await fixTenant("not an object")).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(ran).toBe(before);
  });

  it("refuses a tenant the portal does not know, and audits it", async () => {
    current = as("admin");
    const stranger = "99999999-2222-4333-8444-555555555555";
    expect(await fixTenant({ tenantId: stranger })).toMatchObject({ ok: false, error: { code: "not-found" } });
    expect(await lastAudit()).toMatchObject({ result: "denied", targetTenantId: stranger, detail: { reason: "unknown tenant" } });
  });

  it("lets expected errors speak and hides unexpected ones behind an id", async () => {
    current = as("operator", "conflict@msp.example");
    expect(await fixTenant({ tenantId: TENANT })).toEqual({ ok: false, error: { code: "conflict", message: "The policy changed since the preview." } });
    current = as("operator", "boom@msp.example");
    const r = await fixTenant({ tenantId: TENANT });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("hunter2");
    if (!r.ok) expect(logged).toContainEqual(expect.objectContaining({ errorId: r.error.errorId, action: "fix-tenant" }));
  });

  describe("tenant scope", () => {
    const OTHER = "22222222-2222-4333-8444-555555555555";
    const west: TenantScope = { all: false, tenantIds: new Set([TENANT]), groups: ["West"] };
    afterAll(() => {
      scope = ALL_TENANTS;
    });

    it("refuses a tenant outside the person's groups before the body runs, says why, and audits it", async () => {
      current = as("operator");
      scope = { all: false, tenantIds: new Set([OTHER]), groups: ["East"] };
      const before = ran;
      expect(await fixTenant({ tenantId: TENANT })).toEqual({
        ok: false,
        error: {
          code: "forbidden",
          message: "This tenant is outside your tenant scope (the tenant group East). Ask a portal admin to add it to one of your groups.",
        },
      });
      expect(ran).toBe(before);
      expect(await lastAudit()).toMatchObject({ action: "fix-tenant", result: "denied", targetTenantId: TENANT, detail: { reason: "outside scope" } });
    });

    it("refuses a batch when any of its tenants is outside, naming how many", async () => {
      current = as("operator");
      scope = west;
      const before = ran;
      expect(await batch({ tenantIds: [TENANT, OTHER] })).toMatchObject({
        ok: false,
        error: { code: "forbidden", message: expect.stringContaining("This tenant is outside") },
      });
      expect(await lastAudit()).toMatchObject({ action: "fix-batch", result: "denied", detail: { reason: "outside scope", outsideCount: 1 } });
      expect(ran).toBe(before);
      expect(await batch({ tenantIds: [TENANT] })).toEqual({ ok: true, data: { fixed: 1 } });
    });

    it("keeps changes to the MSP's own tenant to people with every tenant in scope", async () => {
      current = as("admin");
      scope = west;
      expect(await partnerChange({})).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringContaining("reach every customer") } });
      scope = ALL_TENANTS;
      expect(await partnerChange({})).toEqual({ ok: true, data: { changed: true } });
    });
  });
});
