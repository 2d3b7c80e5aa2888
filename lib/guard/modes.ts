// What the guard does with a tenant's drift, set per tenant group by an admin (tenants in no group
// take the portal-wide mode in Settings):
// - off: the sweep still reads the tenant (the timeline and Changes stay true), nothing is sent;
// - alert: events go to the alert destinations;
// - auto-fix: alerts, and the drift guard fixes the tenant through the run service (auto-fix.ts).
// A tenant in several groups takes the most active of their modes: an admin who asked for auto-fix
// on a group asked for it on each of its tenants, whatever other groups they are also in.
import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/generated/client";

export const GUARD_MODES = ["off", "alert", "auto-fix"] as const;
export const guardMode = z.enum(GUARD_MODES, { error: "The guard's mode is off, alert or auto-fix." });
export type GuardMode = z.infer<typeof guardMode>;

export const GUARD_MODE_LABELS: Record<GuardMode, string> = {
  off: "Off: record only",
  alert: "Alert",
  "auto-fix": "Auto-fix and alert",
};

const RANK: Record<GuardMode, number> = { off: 0, alert: 1, "auto-fix": 2 };

/** Who set a mode: the admin recorded as having approved the drift guard's runs. */
export interface ModeSetter {
  id: string | null;
  upn: string | null;
  at: Date | null;
}

export interface TenantGuardMode {
  mode: GuardMode;
  /** Where the mode comes from, in words: the group's name, or "Settings (tenants in no group)". */
  source: string;
  setBy: ModeSetter;
}

interface ModeRow {
  guardMode: string;
  guardModeSetById: string | null;
  guardModeSetByUpn: string | null;
  guardModeSetAt: Date | null;
}

function parseMode(value: string): GuardMode {
  return guardMode.catch("alert").parse(value);
}

function setter(row: ModeRow): ModeSetter {
  return { id: row.guardModeSetById, upn: row.guardModeSetByUpn, at: row.guardModeSetAt };
}

/** The guard's mode of each tenant asked for (all of them when `tenantIds` is omitted is not offered: callers name them). */
export async function guardModesOf(prisma: Prisma.TransactionClient, tenantIds: readonly string[]): Promise<Map<string, TenantGuardMode>> {
  const [settings, memberships] = await Promise.all([
    prisma.portalSettings.findUnique({ where: { id: 1 }, select: { guardMode: true, guardModeSetById: true, guardModeSetByUpn: true, guardModeSetAt: true } }),
    prisma.tenantGroupTenant.findMany({
      where: { tenantId: { in: [...tenantIds] } },
      select: { tenantId: true, group: { select: { name: true, guardMode: true, guardModeSetById: true, guardModeSetByUpn: true, guardModeSetAt: true } } },
    }),
  ]);
  const fallback: TenantGuardMode = settings
    ? { mode: parseMode(settings.guardMode), source: "Settings (tenants in no group)", setBy: setter(settings) }
    : { mode: "alert", source: "Settings (tenants in no group)", setBy: { id: null, upn: null, at: null } };
  const modes = new Map<string, TenantGuardMode>();
  for (const m of memberships) {
    const candidate: TenantGuardMode = { mode: parseMode(m.group.guardMode), source: `group ${m.group.name}`, setBy: setter(m.group) };
    const held = modes.get(m.tenantId);
    if (!held || RANK[candidate.mode] > RANK[held.mode]) modes.set(m.tenantId, candidate);
  }
  for (const id of tenantIds) if (!modes.has(id)) modes.set(id, fallback);
  return modes;
}

export async function guardModeOf(prisma: Prisma.TransactionClient, tenantId: string): Promise<TenantGuardMode> {
  return (await guardModesOf(prisma, [tenantId])).get(tenantId)!;
}

export const groupModeInput = z.strictObject({ groupId: z.uuid(), mode: guardMode });
export const defaultModeInput = z.strictObject({ mode: guardMode });

/** Sets a group's mode; returns its name and, for auto-fix, how many of its tenants need a fix now (the guard fixes them at its next sweep). */
export async function setGroupGuardMode(
  prisma: PrismaClient,
  input: z.output<typeof groupModeInput>,
  by: { id: string; upn: string },
): Promise<{ name: string; needingFix: number }> {
  const group = await prisma.tenantGroup
    .update({
      where: { id: input.groupId },
      data: { guardMode: input.mode, guardModeSetById: by.id, guardModeSetByUpn: by.upn, guardModeSetAt: new Date() },
      select: { name: true, tenants: { select: { tenantId: true } } },
    })
    .catch(() => null);
  if (!group) throw new GuardModeRefusal("No such tenant group; it may have been deleted.");
  const needingFix =
    input.mode === "auto-fix"
      ? await prisma.customerTenant.count({ where: { id: { in: group.tenants.map((t) => t.tenantId) }, needsFixCount: { gt: 0 } } })
      : 0;
  return { name: group.name, needingFix };
}

export async function setDefaultGuardMode(prisma: PrismaClient, mode: GuardMode, by: { id: string; upn: string }): Promise<{ needingFix: number }> {
  const data = { guardMode: mode, guardModeSetById: by.id, guardModeSetByUpn: by.upn, guardModeSetAt: new Date() };
  await prisma.portalSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data, updatedByUpn: by.upn }, update: { ...data, updatedByUpn: by.upn } });
  const needingFix = mode === "auto-fix" ? await prisma.customerTenant.count({ where: { groups: { none: {} }, needsFixCount: { gt: 0 } } }) : 0;
  return { needingFix };
}

export async function defaultGuardMode(prisma: PrismaClient): Promise<{ mode: GuardMode; setByUpn: string | null; setAt: string | null }> {
  const row = await prisma.portalSettings.findUnique({ where: { id: 1 }, select: { guardMode: true, guardModeSetByUpn: true, guardModeSetAt: true } });
  return { mode: parseMode(row?.guardMode ?? "alert"), setByUpn: row?.guardModeSetByUpn ?? null, setAt: row?.guardModeSetAt?.toISOString() ?? null };
}

/** A refusal meant for the admin, in words. */
export class GuardModeRefusal extends Error {
  override name = "GuardModeRefusal";
}
