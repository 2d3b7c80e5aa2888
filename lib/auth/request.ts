// The signed-in user of the current request, for pages, route handlers and actions alike.
// Checked on every request (React `cache` only dedupes within one render), never in a layout alone.
import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { config } from "../config";
import { db } from "../db/client";
import { log } from "../log";
import { createActionClient } from "./action-client";
import { clientIpFrom } from "./client-ip";
import { allows, type Role } from "./roles";
import { loadScope, type TenantScope } from "./scope";
import { SESSION_COOKIE, resolveSession, type SessionPolicy, type SessionUser } from "./sessions";

export function sessionPolicy(): SessionPolicy {
  const c = config();
  return { idleMinutes: c.sessionIdleMinutes, absoluteMinutes: c.sessionAbsoluteMinutes };
}

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(db(), token, sessionPolicy());
});

/** The user's tenant scope, read once per request (every page and handler filters by it). */
const scopeOfUserId = cache(async (userId: string): Promise<TenantScope> => loadScope(db(), userId));
export const scopeOf = (user: { userId: string }): Promise<TenantScope> => scopeOfUserId(user.userId);

/** For route handlers: the signed-in user and their scope, or the 401 answer to send. */
export async function signedIn(): Promise<{ user: SessionUser; scope: TenantScope } | Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Not signed in." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  return { user, scope: await scopeOf(user) };
}

/**
 * For a list's route handler (the tenants grid, history, their CSVs): the signed-in user, their scope
 * and the query `parse` read from the address; or the 401, or the 400 with `parse`'s sentence, to send.
 */
export async function signedInWithQuery<T>(
  request: Request,
  parse: (params: URLSearchParams) => { ok: true; query: T } | { ok: false; error: string },
): Promise<{ user: SessionUser; scope: TenantScope; query: T } | Response> {
  const who = await signedIn();
  if (who instanceof Response) return who;
  const parsed = parse(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400, headers: { "Cache-Control": "no-store" } });
  return { ...who, query: parsed.query };
}

/** For pages: the user, or a redirect to sign-in (then back to `path`), or to "forbidden". */
export async function requireUser(path: string, role: Role = "reader"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?returnTo=${encodeURIComponent(path)}`);
  if (!allows(user.role, role)) redirect("/forbidden");
  return user;
}

/** The client's address from the socket and the configured trusted proxies only (client-ip.ts). */
export async function clientIp(): Promise<string | null> {
  return clientIpFrom(await headers(), config().trustedProxyHops);
}

/** The one action client every server action is built from (see action-client.ts). */
export const action = createActionClient({ currentUser, scopeOf, prisma: db, clientIp, log, freshSignInMinutes: () => config().freshSignInMinutes });
