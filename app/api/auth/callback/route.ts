import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { recordUnauthenticated } from "@/lib/audit/unauthenticated";
import { FLASH_COOKIE, hostCookie } from "@/lib/auth/cookies";
import { SIGN_IN_COOKIE, SignInError, finishSignIn } from "@/lib/auth/oidc";
import { clientIp, sessionPolicy } from "@/lib/auth/request";
import { SESSION_COOKIE, createSession, endSession } from "@/lib/auth/sessions";
import { admitStaff } from "@/lib/auth/staff";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const portal = config().portalUrl;
  const ip = await clientIp();
  const prisma = db();
  try {
    const { identity, returnTo } = await finishSignIn(request.nextUrl.searchParams, request.cookies.get(SIGN_IN_COOKIE)?.value);
    const user = await admitStaff(prisma, identity, { ip });
    // A new sign-in replaces this browser's previous session (e.g. a fresh sign-in for a sensitive action).
    await endSession(prisma, request.cookies.get(SESSION_COOKIE)?.value);
    const { token, expiresAt } = await createSession(prisma, user.id, sessionPolicy(), {
      ip,
      userAgent: request.headers.get("user-agent"),
      authTime: identity.authTime,
    });
    await recordAudit(prisma, {
      action: "sign-in",
      result: "success",
      actor: identity,
      ip,
      detail: { role: user.role, firstSignIn: user.created, authTime: identity.authTime?.toISOString() ?? "not given" },
    });
    const response = NextResponse.redirect(`${portal}${returnTo}`);
    response.cookies.set(SESSION_COOKIE, token, { ...hostCookie, expires: expiresAt });
    response.cookies.delete({ name: SIGN_IN_COOKIE, ...hostCookie });
    return response;
  } catch (err) {
    if (!(err instanceof SignInError)) throw err;
    // Nobody is signed in yet: counted per minute, address and problem, not one audit row per hit.
    await recordUnauthenticated(prisma, { action: "sign-in", ip, reason: err.problem, detail: { message: err.message } });
    const response = NextResponse.redirect(`${portal}/login?error=${err.problem}`);
    response.cookies.set(FLASH_COOKIE, err.message, { ...hostCookie, maxAge: 60 });
    response.cookies.delete({ name: SIGN_IN_COOKIE, ...hostCookie });
    return response;
  }
}
