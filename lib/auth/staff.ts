// Who may use the portal, decided again at EVERY sign-in. Entra is the source of the role: the
// portal role is the highest Portal.* app role in the id token's `roles` claim (Portal.Admin /
// Portal.Operator / Portal.Reader), re-derived and stored each time, so removing or lowering
// someone's app role in Entra takes effect at their next sign-in. A change is audited
// ("user-role-changed"). An account with no portal role is refused (never given a default), its
// stored role becomes null and its other sessions end at once. Accounts disabled in the portal
// (the Users page) are refused. Guests of the partner tenant never reach this point (id-token.ts).
import { recordAudit } from "../audit/record";
import type { PrismaClient } from "../db/generated/client";
import { SignInError, type StaffIdentity } from "./oidc-types";
import { roleFromAppRoles, type Role } from "./roles";
import { endAllSessions } from "./sessions";

export const NO_ROLE_MESSAGE =
  "Your account has no role in this portal: Microsoft Entra ID gave it none of the app roles Portal.Reader, Portal.Operator or Portal.Admin. Ask an admin of the MSP's tenant to assign one.";
export const DISABLED_MESSAGE = "This portal account is disabled. Ask a portal admin.";

export interface Admission {
  id: string;
  role: Role;
  created: boolean;
  /** The role stored before this sign-in, when it differs (null: none before). */
  previousRole?: Role | null;
}

export async function admitStaff(prisma: PrismaClient, who: StaffIdentity, options: { now?: Date; ip?: string | null } = {}): Promise<Admission> {
  const now = options.now ?? new Date();
  const role = roleFromAppRoles(who.appRoles);
  const existing = await prisma.portalUser.findUnique({ where: { tenantId_objectId: { tenantId: who.tenantId, objectId: who.objectId } } });
  if (existing?.disabled) throw new SignInError("disabled", DISABLED_MESSAGE);
  if (!role) {
    if (existing && existing.role !== null) {
      // The role was taken away in Entra: no browser of theirs keeps the old one.
      await prisma.portalUser.update({ where: { id: existing.id }, data: { role: null, upn: who.upn, displayName: who.displayName } });
      const ended = await endAllSessions(prisma, existing.id);
      await auditRoleChange(prisma, who, options.ip, existing.id, { from: existing.role, to: "none", sessionsEnded: ended });
    }
    throw new SignInError("no-role", NO_ROLE_MESSAGE);
  }
  if (!existing) {
    const created = await prisma.portalUser.create({
      data: { tenantId: who.tenantId, objectId: who.objectId, upn: who.upn, displayName: who.displayName, role, lastSignInAt: now },
    });
    return { id: created.id, role, created: true };
  }
  await prisma.portalUser.update({ where: { id: existing.id }, data: { upn: who.upn, displayName: who.displayName, role, lastSignInAt: now } });
  if (existing.role === role) return { id: existing.id, role, created: false };
  await auditRoleChange(prisma, who, options.ip, existing.id, { from: existing.role ?? "none", to: role });
  return { id: existing.id, role, created: false, previousRole: existing.role };
}

/** "user-role-changed": Entra's app roles at sign-in gave this person another role than before. */
function auditRoleChange(
  prisma: PrismaClient,
  who: StaffIdentity,
  ip: string | null | undefined,
  userId: string,
  change: { from: string | null; to: string; sessionsEnded?: number },
): Promise<unknown> {
  return recordAudit(prisma, {
    action: "user-role-changed",
    result: "success",
    actor: who,
    ip,
    targetId: userId,
    detail: { ...change, source: "Entra app roles at sign-in" },
  });
}
