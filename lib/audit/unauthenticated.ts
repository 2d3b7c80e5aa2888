// Failures of requests nobody is signed in for (a sign-in callback that fails, an action or route
// without a session) cost an anonymous caller nothing, so they must not cost the audit log a row
// each. They are counted per minute, action, client address and reason: the first of each writes
// one audit row, the rest add to its count (AuditFailureWindow). Once a minute has seen
// MAX_KEYS_PER_WINDOW distinct (action, address, reason), every other failure of that minute counts
// on one overflow row. So a minute adds at most MAX_KEYS_PER_WINDOW + 1 audit rows, however many
// requests arrive and from however many addresses.
import type { Prisma, PrismaClient } from "../db/generated/client";

export const MAX_KEYS_PER_WINDOW = 100;
export const WINDOW_MS = 60_000;
export const OVERFLOW = {
  action: "unauthenticated-overflow",
  ip: "(other addresses)",
  reason: `more than ${MAX_KEYS_PER_WINDOW} kinds of failure this minute`,
};

export interface UnauthenticatedFailure {
  /** The action or route (a name from code, never from the request). */
  action: string;
  ip: string | null;
  /** Why, as a short code from code (e.g. a SignInProblem), never the caller's input. */
  reason: string;
  /** Kept on the window's first row only. */
  detail?: Record<string, string>;
}

// One lock for the bookkeeping of all windows: the count of a minute's keys and the insert of a new
// one must not interleave, or two processes could both see room for one more key.
const LOCK_KEY = 0x61756469; // "audi"

type Tx = Prisma.TransactionClient;

async function bump(tx: Tx, windowStart: Date, key: { action: string; ip: string; reason: string }, now: Date): Promise<boolean> {
  const updated = await tx.auditFailureWindow.updateMany({
    where: { windowStart, ...key },
    data: { count: { increment: 1 }, lastAt: now },
  });
  return updated.count === 1;
}

/** Counts one unauthenticated failure; writes an audit row only for the first of its window. */
export async function recordUnauthenticated(prisma: PrismaClient, f: UnauthenticatedFailure, now: Date = new Date()): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const key = { action: f.action.slice(0, 100), ip: (f.ip ?? "unknown").slice(0, 100), reason: f.reason.slice(0, 200) };
  await prisma.$transaction(async (tx) => {
    if (await bump(tx, windowStart, key, now)) return; // the common case under a flood: one UPDATE
    await tx.$executeRaw`select pg_advisory_xact_lock(${LOCK_KEY})`;
    if (await bump(tx, windowStart, key, now)) return; // another request created it meanwhile
    const keys = await tx.auditFailureWindow.count({ where: { windowStart } });
    const overflow = keys >= MAX_KEYS_PER_WINDOW;
    const k = overflow ? OVERFLOW : key;
    if (overflow && (await bump(tx, windowStart, k, now))) return;
    const event = await tx.auditEvent.create({
      data: {
        at: now,
        action: k.action,
        result: "denied",
        ip: overflow ? null : f.ip,
        detail: {
          reason: k.reason,
          aggregated: `failures of this kind in the minute from ${windowStart.toISOString()} are counted on this row`,
          ...(overflow ? {} : f.detail),
        },
      },
      select: { id: true },
    });
    await tx.auditFailureWindow.create({ data: { windowStart, ...k, count: 1, lastAt: now, auditEventId: event.id } });
  });
}
