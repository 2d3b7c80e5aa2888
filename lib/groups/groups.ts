// Tenant groups (named sets of customer tenants) and users' tenant scopes, as admins manage them
// (app/groups). Scopes are enforced by lib/auth/scope.ts and its callers; this module only stores.
// Changing a person's scope ends their sessions, so the new scope starts with their next sign-in.
import { z } from "zod";
import { endAllSessions } from "../auth/sessions";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { ActionError } from "../auth/action-client";
import { inChunks } from "../db/in-chunks";

export const groupName = z.string().trim().min(1, "Give the group a name.").max(80, "At most 80 characters.");
const tenantIds = z.array(z.uuid().transform((v) => v.toLowerCase())).max(100_000);

export const groupInput = z.strictObject({ name: groupName, tenantIds });
export const groupUpdate = z.strictObject({ groupId: z.uuid(), name: groupName, tenantIds });
export const scopeInput = z.strictObject({ userId: z.uuid(), allTenants: z.boolean(), groupIds: z.array(z.uuid()).max(1000) });

export interface GroupRow {
  id: string;
  name: string;
  tenantIds: string[];
  users: number;
  createdAt: string;
  createdByUpn: string;
  /** The guard's mode for its tenants (lib/guard/modes.ts), and who set it. */
  guardMode: string;
  guardModeSetByUpn: string | null;
}

export interface UserScopeRow {
  id: string;
  upn: string;
  displayName: string;
  role: string | null;
  disabled: boolean;
  allTenants: boolean;
  groupIds: string[];
}

export interface TenantOption {
  id: string;
  displayName: string;
  defaultDomain: string | null;
}

/** Every customer tenant, to place in groups. */
export function tenantOptions(prisma: PrismaClient): Promise<TenantOption[]> {
  return prisma.customerTenant.findMany({ select: { id: true, displayName: true, defaultDomain: true }, orderBy: { displayName: "asc" } });
}

export async function listGroups(prisma: PrismaClient): Promise<GroupRow[]> {
  const groups = await prisma.tenantGroup.findMany({
    orderBy: { name: "asc" },
    include: { tenants: { select: { tenantId: true } }, _count: { select: { users: true } } },
  });
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    tenantIds: g.tenants.map((t) => t.tenantId),
    users: g._count.users,
    createdAt: g.createdAt.toISOString(),
    createdByUpn: g.createdByUpn,
    guardMode: g.guardMode,
    guardModeSetByUpn: g.guardModeSetByUpn,
  }));
}

export async function listUserScopes(prisma: PrismaClient): Promise<UserScopeRow[]> {
  const users = await prisma.portalUser.findMany({
    orderBy: [{ displayName: "asc" }, { upn: "asc" }],
    include: { tenantGroups: { select: { groupId: true } } },
  });
  return users.map((u) => ({
    id: u.id,
    upn: u.upn,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    allTenants: u.allTenants,
    groupIds: u.tenantGroups.map((g) => g.groupId),
  }));
}

const nameTaken = (name: string) => new ActionError("conflict", `A tenant group named "${name}" already exists; choose another name.`);

/** Only tenants the portal knows can be placed in a group. */
async function knownTenants(prisma: PrismaClient, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const known = await prisma.customerTenant.findMany({ where: { id: { in: unique } }, select: { id: true } });
  if (known.length !== unique.length)
    throw new ActionError("conflict", `${unique.length - known.length} of the chosen tenants are not customer tenants the portal knows.`);
  return unique;
}

export async function createGroup(prisma: PrismaClient, input: z.infer<typeof groupInput>, byUpn: string): Promise<string> {
  const tenants = await knownTenants(prisma, input.tenantIds);
  try {
    const group = await prisma.tenantGroup.create({
      data: { name: input.name, createdByUpn: byUpn, tenants: { create: tenants.map((tenantId) => ({ tenantId })) } },
    });
    return group.id;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw nameTaken(input.name);
    throw err;
  }
}

/** Renames a group and sets its tenants to exactly `tenantIds`. */
export async function updateGroup(prisma: PrismaClient, input: z.infer<typeof groupUpdate>): Promise<{ added: number; removed: number }> {
  const tenants = await knownTenants(prisma, input.tenantIds);
  try {
    return await prisma.$transaction(async (tx) => {
      const group = await tx.tenantGroup.findUnique({ where: { id: input.groupId }, include: { tenants: { select: { tenantId: true } } } });
      if (!group) throw new ActionError("not-found", "No such tenant group.");
      const before = new Set(group.tenants.map((t) => t.tenantId));
      const after = new Set(tenants);
      const added = tenants.filter((t) => !before.has(t));
      const removed = [...before].filter((t) => !after.has(t));
      await tx.tenantGroup.update({ where: { id: input.groupId }, data: { name: input.name } });
      if (removed.length) await tx.tenantGroupTenant.deleteMany({ where: { groupId: input.groupId, tenantId: { in: removed } } });
      await inChunks(added, (chunk) => tx.tenantGroupTenant.createMany({ data: chunk.map((tenantId) => ({ groupId: input.groupId, tenantId })) }));
      return { added: added.length, removed: removed.length };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw nameTaken(input.name);
    throw err;
  }
}

export async function deleteGroup(prisma: PrismaClient, groupId: string): Promise<{ name: string }> {
  const group = await prisma.tenantGroup.findUnique({ where: { id: groupId }, select: { name: true } });
  if (!group) throw new ActionError("not-found", "No such tenant group.");
  await prisma.tenantGroup.delete({ where: { id: groupId } });
  return group;
}

/**
 * Sets a person's tenant scope and ends their sessions. An admin cannot change their own scope
 * (another admin must: the same four eyes as approvals).
 */
export async function setUserScope(
  prisma: PrismaClient,
  input: z.infer<typeof scopeInput>,
  by: { userId: string },
): Promise<{ sessionsEnded: number; upn: string }> {
  if (input.userId === by.userId) throw new ActionError("conflict", "You cannot change your own tenant scope; ask another admin.");
  const user = await prisma.portalUser.findUnique({ where: { id: input.userId }, select: { upn: true } });
  if (!user) throw new ActionError("not-found", "No such portal user.");
  const groupIds = [...new Set(input.groupIds)];
  if (!input.allTenants && groupIds.length > 0) {
    const known = await prisma.tenantGroup.count({ where: { id: { in: groupIds } } });
    if (known !== groupIds.length) throw new ActionError("conflict", "One of the chosen tenant groups no longer exists; reload the page.");
  }
  await prisma.$transaction([
    prisma.portalUser.update({ where: { id: input.userId }, data: { allTenants: input.allTenants } }),
    prisma.portalUserTenantGroup.deleteMany({ where: { userId: input.userId } }),
    prisma.portalUserTenantGroup.createMany({ data: (input.allTenants ? [] : groupIds).map((groupId) => ({ userId: input.userId, groupId })) }),
  ]);
  return { sessionsEnded: await endAllSessions(prisma, input.userId), upn: user.upn };
}
