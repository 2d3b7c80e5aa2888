"use server";
// Tenant groups and people's tenant scopes (admins, with a fresh sign-in: this is user
// administration). Every change is audited; changing a person's scope ends their sessions (lib/groups/groups.ts).
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { createGroup, deleteGroup, groupInput, groupUpdate, scopeInput, setUserScope, updateGroup } from "@/lib/groups/groups";
import { groupModeInput, setGroupGuardMode } from "@/lib/guard/modes";

export const createGroupAction = action({ name: "group-create", role: "admin", input: groupInput, freshSignIn: true }, async (input, { user, prisma, ip }) => {
  const groupId = await createGroup(prisma, input, user.upn);
  await recordAudit(prisma, {
    action: "group-create",
    result: "success",
    actor: user,
    ip,
    targetId: groupId,
    detail: { name: input.name, tenants: input.tenantIds.length },
  });
  return { groupId };
});

export const updateGroupAction = action({ name: "group-update", role: "admin", input: groupUpdate, freshSignIn: true }, async (input, { user, prisma, ip }) => {
  const changed = await updateGroup(prisma, input);
  await recordAudit(prisma, { action: "group-update", result: "success", actor: user, ip, targetId: input.groupId, detail: { name: input.name, ...changed } });
  return changed;
});

export const deleteGroupAction = action(
  { name: "group-delete", role: "admin", input: z.strictObject({ groupId: z.uuid() }), freshSignIn: true },
  async ({ groupId }, { user, prisma, ip }) => {
    const { name } = await deleteGroup(prisma, groupId);
    await recordAudit(prisma, { action: "group-delete", result: "success", actor: user, ip, targetId: groupId, detail: { name } });
    return { deleted: true };
  },
);

export const setUserScopeAction = action({ name: "user-scope", role: "admin", input: scopeInput, freshSignIn: true }, async (input, { user, prisma, ip }) => {
  const result = await setUserScope(prisma, input, user);
  await recordAudit(prisma, {
    action: "user-scope",
    result: "success",
    actor: user,
    ip,
    targetId: input.userId,
    detail: { upn: result.upn, allTenants: input.allTenants, groups: input.allTenants ? [] : input.groupIds, sessionsEnded: result.sessionsEnded },
  });
  return result;
});

/** The guard's mode for a group's tenants. Auto-fix lets the drift guard write to them: a fleet write, so a fresh sign-in. */
export const setGroupGuardModeAction = action(
  { name: "group-guard-mode", role: "admin", input: groupModeInput, freshSignIn: true },
  async (input, { user, prisma, ip }) => {
    const result = await setGroupGuardMode(prisma, input, { id: user.userId, upn: user.upn });
    await recordAudit(prisma, {
      action: "group-guard-mode",
      result: "success",
      actor: user,
      ip,
      targetId: input.groupId,
      detail: { name: result.name, mode: input.mode },
    });
    return result;
  },
);
