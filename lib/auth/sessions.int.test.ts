import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { createSession, endAllSessions, endSession, resolveSession } from "./sessions";

const POLICY = { idleMinutes: 30, absoluteMinutes: 12 * 60 };
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

describe("server-side sessions", () => {
  const t = useTestPrisma();

  const user = (role: "reader" | "operator" | "admin" = "operator") =>
    t.prisma.portalUser.create({ data: { tenantId: crypto.randomUUID(), objectId: crypto.randomUUID(), upn: `${role}@msp.example`, displayName: role, role } });

  it("resolves a fresh session to its user, and stores only a hash of the token", async () => {
    const u = await user();
    const t0 = new Date();
    const { token, expiresAt } = await createSession(t.prisma, u.id, POLICY, { ip: "127.0.0.1", userAgent: "test" }, t0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(expiresAt).toEqual(at(t0, 720));
    expect(await resolveSession(t.prisma, token, POLICY, at(t0, 1))).toMatchObject({ userId: u.id, upn: "operator@msp.example", role: "operator" });
    const rows = await t.prisma.session.findMany({ where: { userId: u.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ends after the idle limit, but activity keeps it alive", async () => {
    const u = await user();
    const t0 = new Date();
    const { token } = await createSession(t.prisma, u.id, POLICY, {}, t0);
    expect(await resolveSession(t.prisma, token, POLICY, at(t0, 20))).not.toBeNull(); // touches lastSeenAt
    expect(await resolveSession(t.prisma, token, POLICY, at(t0, 45))).not.toBeNull(); // 25 min after last use
    expect(await resolveSession(t.prisma, token, POLICY, at(t0, 80))).toBeNull(); // 35 min idle
    expect(await resolveSession(t.prisma, token, POLICY, at(t0, 81))).toBeNull(); // and stays gone
  });

  it("ends at the absolute limit however active it is", async () => {
    const u = await user();
    const t0 = new Date();
    const { token } = await createSession(t.prisma, u.id, POLICY, {}, t0);
    for (let m = 20; m < 720; m += 20) expect(await resolveSession(t.prisma, token, POLICY, at(t0, m))).not.toBeNull();
    expect(await resolveSession(t.prisma, token, POLICY, at(t0, 721))).toBeNull();
  });

  it("is dead after logout: replaying the old token fails", async () => {
    const u = await user();
    const { token } = await createSession(t.prisma, u.id, POLICY);
    await endSession(t.prisma, token);
    expect(await resolveSession(t.prisma, token, POLICY)).toBeNull();
  });

  it("dies with its user: disabling a user ends their sessions on the next request", async () => {
    const u = await user("admin");
    const a = await createSession(t.prisma, u.id, POLICY);
    const b = await createSession(t.prisma, u.id, POLICY);
    await t.prisma.portalUser.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await resolveSession(t.prisma, a.token, POLICY)).toBeNull();
    await t.prisma.portalUser.update({ where: { id: u.id }, data: { disabled: false } });
    expect(await endAllSessions(t.prisma, u.id)).toBe(1); // a was already removed, b is ended here
    expect(await resolveSession(t.prisma, b.token, POLICY)).toBeNull();
  });

  it("ignores missing, unknown and absurd tokens", async () => {
    expect(await resolveSession(t.prisma, undefined, POLICY)).toBeNull();
    expect(await resolveSession(t.prisma, "x".repeat(43), POLICY)).toBeNull();
    expect(await resolveSession(t.prisma, "x".repeat(5000), POLICY)).toBeNull();
  });
});
