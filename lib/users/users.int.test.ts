// The Users page's actions as the portal builds them (lib/users/actions.ts through the one action
// client): admins only, a fresh sign-in, no self-disable, disabling ends the sessions at once, every
// change audited.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { createActionClient } from "../auth/action-client";
import { ALL_TENANTS } from "../auth/scope";
import { createSession, resolveSession, type SessionUser } from "../auth/sessions";
import { END_USER_SESSIONS, endUserSessionsBody, SET_USER_DISABLED, setUserDisabledBody } from "./actions";
import { listPortalUsers } from "./list";

const POLICY = { idleMinutes: 30, absoluteMinutes: 12 * 60 };
const TENANT = "aaaaaaaa-1111-4111-8111-111111111111";

describe("users administration", () => {
  const t = useTestPrisma();
  let current: SessionUser | null = null;
  const action = createActionClient({
    currentUser: async () => current,
    scopeOf: async () => ALL_TENANTS,
    prisma: () => t.prisma,
    clientIp: async () => "203.0.113.7",
    log: () => pino({ level: "silent" }),
    freshSignInMinutes: () => 15,
  });
  const setDisabled = action(SET_USER_DISABLED, setUserDisabledBody);
  const endSessions = action(END_USER_SESSIONS, endUserSessionsBody);

  async function person(role: "admin" | "operator" | "reader", authMinutesAgo = 1) {
    const u = await t.prisma.portalUser.create({
      data: { tenantId: TENANT, objectId: crypto.randomUUID(), upn: `${role}-${crypto.randomUUID().slice(0, 6)}@msp.example`, displayName: role, role },
    });
    const authTime = new Date(Date.now() - authMinutesAgo * 60_000);
    const { token } = await createSession(t.prisma, u.id, POLICY, { ip: "198.51.100.1", userAgent: "test", authTime });
    const session = (await resolveSession(t.prisma, token, POLICY))!;
    return { user: u, token, session };
  }
  const lastAudit = () => t.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

  it("an operator or reader is refused (audited); nothing changes", async () => {
    const target = await person("reader");
    for (const role of ["operator", "reader"] as const) {
      current = (await person(role)).session;
      expect(await setDisabled({ userId: target.user.id, disabled: true })).toEqual({
        ok: false,
        error: { code: "forbidden", message: `This needs the admin role; you are ${role === "operator" ? "an operator" : "a reader"}.` },
      });
      expect(await lastAudit()).toMatchObject({ action: "user-set-disabled", result: "denied" });
      expect((await endSessions({ userId: target.user.id })).ok).toBe(false);
    }
    expect(await resolveSession(t.prisma, target.token, POLICY)).not.toBeNull();
  });

  it("an admin whose sign-in is older than 15 minutes is asked to sign in again; nothing changes", async () => {
    const target = await person("operator");
    current = (await person("admin", 20)).session;
    const result = await setDisabled({ userId: target.user.id, disabled: true });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "reauthenticate",
        message: "This needs a sign-in within the last 15 minutes; you last signed in 20 minutes ago. Sign in again to continue.",
        signInUrl: "/api/auth/login?fresh=1",
      },
    });
    expect((await t.prisma.portalUser.findUniqueOrThrow({ where: { id: target.user.id } })).disabled).toBe(false);
    expect(await lastAudit()).toMatchObject({ action: "user-set-disabled", result: "denied", detail: expect.objectContaining({ reason: "sign-in too old" }) });
  });

  it("an admin cannot disable themselves", async () => {
    const admin = await person("admin");
    current = admin.session;
    const result = await setDisabled({ userId: admin.user.id, disabled: true });
    expect(result).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("You cannot disable your own account") } });
    expect(await resolveSession(t.prisma, admin.token, POLICY)).not.toBeNull();
  });

  it("disabling ends every session at once (the next request is refused); enabling lets them sign in again; both audited", async () => {
    const target = await person("operator");
    await createSession(t.prisma, target.user.id, POLICY, { authTime: new Date() });
    const admin = await person("admin");
    current = admin.session;
    expect(await setDisabled({ userId: target.user.id, disabled: true })).toEqual({ ok: true, data: { disabled: true, sessionsEnded: 2 } });
    expect(await resolveSession(t.prisma, target.token, POLICY)).toBeNull();
    expect(await lastAudit()).toMatchObject({
      action: "user-disable",
      result: "success",
      actorUpn: admin.user.upn,
      targetId: target.user.id,
      ip: "203.0.113.7",
      detail: { upn: target.user.upn, wasDisabled: false, sessionsEnded: 2 },
    });
    const rows = await listPortalUsers(t.prisma, { idleMinutes: 30 });
    expect(rows.find((r) => r.id === target.user.id)).toMatchObject({ disabled: true, sessions: [], role: "operator" });

    expect(await setDisabled({ userId: target.user.id, disabled: false })).toEqual({ ok: true, data: { disabled: false, sessionsEnded: 0 } });
    expect(await lastAudit()).toMatchObject({ action: "user-enable", targetId: target.user.id });
  });

  it("ends a user's sessions without disabling them; lists live sessions with their details", async () => {
    const target = await person("reader");
    const admin = await person("admin");
    const listed = (await listPortalUsers(t.prisma, { idleMinutes: 30 })).find((r) => r.id === target.user.id)!;
    expect(listed.sessions).toEqual([expect.objectContaining({ ip: "198.51.100.1", userAgent: "test", signedInAt: expect.any(String) })]);
    expect(listed.scope).toEqual({ allTenants: true, groups: [] });
    // A person narrowed to tenant groups shows their groups' names.
    const group = await t.prisma.tenantGroup.create({ data: { name: "West", createdByUpn: "admin@msp.example" } });
    await t.prisma.portalUser.update({ where: { id: target.user.id }, data: { allTenants: false, tenantGroups: { create: { groupId: group.id } } } });
    expect((await listPortalUsers(t.prisma, { idleMinutes: 30 })).find((r) => r.id === target.user.id)!.scope).toEqual({ allTenants: false, groups: ["West"] });
    current = admin.session;
    expect(await endSessions({ userId: target.user.id })).toEqual({ ok: true, data: { sessionsEnded: 1 } });
    expect(await resolveSession(t.prisma, target.token, POLICY)).toBeNull();
    expect((await t.prisma.portalUser.findUniqueOrThrow({ where: { id: target.user.id } })).disabled).toBe(false);
    expect(await lastAudit()).toMatchObject({ action: "user-end-sessions", detail: { upn: target.user.upn, sessionsEnded: 1 } });
    expect(await endSessions({ userId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: "not-found" } });
  });
});
