// What an admin changes about a portal user: disable or enable the account, and end its sessions.
// The role is not here: Entra decides it (lib/auth/staff.ts). Disabling ends every session at once,
// so the person's next request is refused; an admin cannot disable themselves (someone must be left
// who can undo it). Every change is audited with who, whom and how many sessions ended.
import { ActionError } from "../auth/action-client";
import { endAllSessions } from "../auth/sessions";
import { recordAudit, type AuditActor } from "../audit/record";
import type { PrismaClient } from "../db/generated/client";

export interface UserAdminActor extends AuditActor {
  userId: string;
  upn: string;
}

async function target(prisma: PrismaClient, userId: string) {
  const user = await prisma.portalUser.findUnique({ where: { id: userId }, select: { id: true, upn: true, disabled: true } });
  if (!user) throw new ActionError("not-found", "No such portal user.");
  return user;
}

export async function setUserDisabled(
  prisma: PrismaClient,
  input: { userId: string; disabled: boolean },
  by: { actor: UserAdminActor; ip: string | null },
): Promise<{ disabled: boolean; sessionsEnded: number }> {
  const user = await target(prisma, input.userId);
  if (input.disabled && user.id === by.actor.userId) {
    throw new ActionError("conflict", "You cannot disable your own account: another admin must do it, so someone is always left who can enable it again.");
  }
  const sessionsEnded = await prisma.$transaction(async (tx) => {
    await tx.portalUser.update({ where: { id: user.id }, data: { disabled: input.disabled } });
    return input.disabled ? endAllSessions(tx, user.id) : 0;
  });
  await recordAudit(prisma, {
    action: input.disabled ? "user-disable" : "user-enable",
    result: "success",
    actor: by.actor,
    ip: by.ip,
    targetId: user.id,
    detail: { upn: user.upn, wasDisabled: user.disabled, sessionsEnded },
  });
  return { disabled: input.disabled, sessionsEnded };
}

export async function endUserSessions(
  prisma: PrismaClient,
  userId: string,
  by: { actor: UserAdminActor; ip: string | null },
): Promise<{ sessionsEnded: number }> {
  const user = await target(prisma, userId);
  const sessionsEnded = await endAllSessions(prisma, user.id);
  await recordAudit(prisma, {
    action: "user-end-sessions",
    result: "success",
    actor: by.actor,
    ip: by.ip,
    targetId: user.id,
    detail: { upn: user.upn, sessionsEnded },
  });
  return { sessionsEnded };
}
