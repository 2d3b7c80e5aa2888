// The Users page's rows: every portal user with the role Entra gave at their last sign-in (read-only
// here), whether the portal disabled them, their last sign-in and their live sessions. One row type,
// built in one place, so a column (e.g. the tenant scope) is one field here and one cell on the page.
import type { Role } from "../auth/roles";
import type { PrismaClient } from "../db/generated/client";

export interface PortalSessionRow {
  createdAt: string;
  lastSeenAt: string;
  /** When the person last authenticated at Entra for this session (auth_time), or null when unknown. */
  signedInAt: string | null;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface PortalUserRow {
  id: string;
  upn: string;
  displayName: string;
  /** From Entra's app roles at the last sign-in; null when that sign-in carried none (and was refused). */
  role: Role | null;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  /** Tenant scope (lib/auth/scope.ts): every tenant, or the names of their tenant groups (changed on the Tenant groups page). */
  scope: { allTenants: boolean; groups: string[] };
  /** Live sessions, newest first. */
  sessions: PortalSessionRow[];
}

export async function listPortalUsers(prisma: PrismaClient, options: { idleMinutes: number; now?: Date }): Promise<PortalUserRow[]> {
  const now = options.now ?? new Date();
  const idleSince = new Date(now.getTime() - options.idleMinutes * 60_000);
  const users = await prisma.portalUser.findMany({
    orderBy: [{ displayName: "asc" }, { upn: "asc" }],
    include: {
      // Live: neither past its absolute end nor idle too long (sessions.ts ends those on their next use).
      sessions: { where: { expiresAt: { gt: now }, lastSeenAt: { gt: idleSince } }, orderBy: { lastSeenAt: "desc" } },
      tenantGroups: { select: { group: { select: { name: true } } } },
    },
  });
  return users.map((u) => ({
    id: u.id,
    upn: u.upn,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    scope: { allTenants: u.allTenants, groups: u.tenantGroups.map((g) => g.group.name).sort((a, b) => a.localeCompare(b)) },
    sessions: u.sessions.map((s) => ({
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      signedInAt: s.authTime?.toISOString() ?? null,
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
    })),
  }));
}
