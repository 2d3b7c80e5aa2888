// Server-side sessions in Postgres. The browser holds a random 256-bit token in a `__Host-`
// cookie; the database holds only its SHA-256, so reading the table yields no usable session.
// Every request checks the idle and absolute limits and that the user is still enabled, so a
// disabled user or an ended session stops working on the very next request.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { isRole, type Role } from "./roles";

export const SESSION_COOKIE = "__Host-msp_session";

export interface SessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  tenantId: string;
  objectId: string;
  upn: string;
  displayName: string;
  role: Role;
  /** When the person last really authenticated at Entra (the id token's auth_time), or null when unknown. */
  authTime: Date | null;
}

/** How stale lastSeenAt may get before a request refreshes it (saves a write per request). */
const TOUCH_AFTER_MS = 60_000;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  prisma: PrismaClient,
  userId: string,
  policy: SessionPolicy,
  meta: { ip?: string | null; userAgent?: string | null; authTime?: Date | null } = {},
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + policy.absoluteMinutes * 60_000);
  await prisma.session.create({
    data: {
      id: hash(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      authTime: meta.authTime ?? null,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return { token, expiresAt };
}

export async function resolveSession(prisma: PrismaClient, token: string | undefined, policy: SessionPolicy, now = new Date()): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const id = hash(token);
  const session = await prisma.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  const idleDeadline = session.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  const u = session.user;
  const role = u.role;
  if (session.expiresAt <= now || idleDeadline <= now.getTime() || u.disabled || !isRole(role)) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await prisma.session.update({ where: { id }, data: { lastSeenAt: now } });
  }
  return { sessionId: id, userId: u.id, tenantId: u.tenantId, objectId: u.objectId, upn: u.upn, displayName: u.displayName, role, authTime: session.authTime };
}

export async function endSession(prisma: PrismaClient, token: string | undefined): Promise<void> {
  if (token) await prisma.session.deleteMany({ where: { id: hash(token) } });
}

export async function endAllSessions(prisma: Pick<PrismaClient, "session">, userId: string): Promise<number> {
  return (await prisma.session.deleteMany({ where: { userId } })).count;
}
