// Admission at every sign-in: the role is Entra's, re-derived each time (raised, lowered, removed),
// changes are audited, a removed role ends the person's sessions; disabled users are refused.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { SignInError, type StaffIdentity } from "./oidc-types";
import { createSession, resolveSession } from "./sessions";
import { admitStaff, NO_ROLE_MESSAGE } from "./staff";

const POLICY = { idleMinutes: 30, absoluteMinutes: 12 * 60 };
const TENANT = "aaaaaaaa-1111-4111-8111-111111111111";

describe("admitStaff", () => {
  const t = useTestPrisma();
  const who = (appRoles: string[], objectId = crypto.randomUUID()): StaffIdentity => ({
    tenantId: TENANT,
    objectId,
    upn: `${objectId.slice(0, 8)}@msp.example`,
    displayName: "Someone",
    appRoles,
    authTime: new Date(),
  });
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof SignInError) return err;
      throw err;
    }
    throw new Error("expected a refusal");
  };
  const roleAudits = (targetId: string) => t.prisma.auditEvent.findMany({ where: { action: "user-role-changed", targetId }, orderBy: { id: "asc" } });

  it("the first sign-in creates the user with the highest Portal.* app role", async () => {
    const admitted = await admitStaff(t.prisma, who(["Portal.Reader", "Portal.Admin", "Other.Role"]));
    expect(admitted).toMatchObject({ role: "admin", created: true });
    expect((await t.prisma.portalUser.findUniqueOrThrow({ where: { id: admitted.id } })).role).toBe("admin");
  });

  it("every later sign-in re-derives the role from the token: lowered, then raised, each change audited", async () => {
    const id = crypto.randomUUID();
    const first = await admitStaff(t.prisma, who(["Portal.Admin"], id), { ip: "203.0.113.5" });
    const lowered = await admitStaff(t.prisma, who(["Portal.Reader"], id), { ip: "203.0.113.5" });
    expect(lowered).toMatchObject({ id: first.id, role: "reader", created: false, previousRole: "admin" });
    expect((await t.prisma.portalUser.findUniqueOrThrow({ where: { id: first.id } })).role).toBe("reader");
    // The same role again: nothing to audit.
    await admitStaff(t.prisma, who(["Portal.Reader"], id));
    await admitStaff(t.prisma, who(["Portal.Operator"], id));
    const audits = await roleAudits(first.id);
    expect(audits.map((a) => a.detail)).toEqual([
      { from: "admin", to: "reader", source: "Entra app roles at sign-in" },
      { from: "reader", to: "operator", source: "Entra app roles at sign-in" },
    ]);
    expect(audits[0]).toMatchObject({ result: "success", ip: "203.0.113.5", actorObjectId: id });
  });

  it("a lowered role applies to the person's open sessions at once", async () => {
    const id = crypto.randomUUID();
    const user = await admitStaff(t.prisma, who(["Portal.Admin"], id));
    const { token } = await createSession(t.prisma, user.id, POLICY);
    expect((await resolveSession(t.prisma, token, POLICY))?.role).toBe("admin");
    await admitStaff(t.prisma, who(["Portal.Reader"], id));
    expect((await resolveSession(t.prisma, token, POLICY))?.role).toBe("reader");
  });

  it("no Portal.* role: refused in words, never created", async () => {
    const objectId = crypto.randomUUID();
    const err = await refusal(admitStaff(t.prisma, who(["Some.Other.Role"], objectId)));
    expect(err).toMatchObject({ problem: "no-role", message: NO_ROLE_MESSAGE });
    expect(await t.prisma.portalUser.findFirst({ where: { objectId } })).toBeNull();
  });

  it("a role removed in Entra: refused, the stored role becomes none, every session ends, audited", async () => {
    const id = crypto.randomUUID();
    const user = await admitStaff(t.prisma, who(["Portal.Operator"], id));
    const { token } = await createSession(t.prisma, user.id, POLICY);
    const err = await refusal(admitStaff(t.prisma, who([], id)));
    expect(err.problem).toBe("no-role");
    expect((await t.prisma.portalUser.findUniqueOrThrow({ where: { id: user.id } })).role).toBeNull();
    expect(await t.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await resolveSession(t.prisma, token, POLICY)).toBeNull();
    expect((await roleAudits(user.id)).map((a) => a.detail)).toEqual([
      { from: "operator", to: "none", source: "Entra app roles at sign-in", sessionsEnded: 1 },
    ]);
    // Given a role again in Entra, the next sign-in is admitted with it.
    expect(await admitStaff(t.prisma, who(["Portal.Reader"], id))).toMatchObject({ id: user.id, role: "reader", previousRole: null });
  });

  it("a user disabled in the portal is refused whatever Entra says, and nothing changes", async () => {
    const id = crypto.randomUUID();
    const user = await admitStaff(t.prisma, who(["Portal.Operator"], id));
    await t.prisma.portalUser.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await refusal(admitStaff(t.prisma, who(["Portal.Admin"], id)))).toMatchObject({ problem: "disabled" });
    expect((await t.prisma.portalUser.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("operator");
  });
});
