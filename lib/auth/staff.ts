// Who may use the portal. The first sign-in of a partner-tenant account creates its portal user
// with the role its Entra app roles give (Portal.Admin / Portal.Operator / Portal.Reader); after
// that the portal's own record is authoritative (admins change roles and disable users here).
// An account with no portal role is refused rather than given a default.
import type { PrismaClient } from "../db/generated/client";
import { SignInError, type StaffIdentity } from "./oidc-types";
import { roleFromAppRoles, type Role } from "./roles";

export async function admitStaff(prisma: PrismaClient, who: StaffIdentity, now = new Date()): Promise<{ id: string; role: Role; created: boolean }> {
  const existing = await prisma.portalUser.findUnique({ where: { tenantId_objectId: { tenantId: who.tenantId, objectId: who.objectId } } });
  if (existing) {
    if (existing.disabled) throw new SignInError("disabled", "This portal account is disabled. Ask a portal admin.");
    await prisma.portalUser.update({ where: { id: existing.id }, data: { upn: who.upn, displayName: who.displayName, lastSignInAt: now } });
    return { id: existing.id, role: existing.role, created: false };
  }
  const role = roleFromAppRoles(who.appRoles);
  if (!role) throw new SignInError("no-role", "Your account has no role in this portal (Portal.Reader, Portal.Operator or Portal.Admin). Ask a portal admin.");
  const created = await prisma.portalUser.create({
    data: { tenantId: who.tenantId, objectId: who.objectId, upn: who.upn, displayName: who.displayName, role, lastSignInAt: now },
  });
  return { id: created.id, role, created: true };
}
