// Starts connecting the partner's automation account (admins only): the browser goes to Entra's
// sign-in page for the partner tenant; the callback stores the account's tokens in the encrypted
// cache. POST from the portal's own pages only (a route handler gets no built-in CSRF check).
import { NextResponse, type NextRequest } from "next/server";
import { fromPortal } from "@/lib/auth/same-origin";
import { recordAudit } from "@/lib/audit/record";
import { FLASH_COOKIE, hostCookie } from "@/lib/auth/cookies";
import { clientIp, currentUser, scopeOf } from "@/lib/auth/request";
import { freshSignInUrl, isFreshSignIn, staleSignInMessage } from "@/lib/auth/fresh-sign-in";
import { PARTNER_NEEDS_ALL_TENANTS } from "@/lib/auth/scope";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { CONNECT_COOKIE, GraphFailure, startConnect } from "@/lib/graph";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  const portal = config().portalUrl;
  if (!fromPortal(request, portal)) {
    return NextResponse.json({ error: "Cross-site request refused." }, { status: 403 });
  }
  const user = await currentUser();
  if (!user) return NextResponse.redirect(`${portal}/login?returnTo=${encodeURIComponent("/settings")}`, 303);
  if (!allows(user.role, "admin")) {
    await recordAudit(db(), { action: "partner-connect", result: "denied", actor: user, ip: await clientIp(), detail: { role: user.role } });
    return NextResponse.json({ error: "Only an admin can connect the automation account." }, { status: 403 });
  }
  if (!(await scopeOf(user)).all) {
    await recordAudit(db(), {
      action: "partner-connect",
      result: "denied",
      actor: user,
      ip: await clientIp(),
      detail: { reason: "partner write outside scope" },
    });
    return NextResponse.json({ error: PARTNER_NEEDS_ALL_TENANTS }, { status: 403 });
  }
  // The automation account reaches every customer: connecting it needs a fresh sign-in. The admin
  // signs in again (Entra max_age) and comes back to Settings to press Connect once more.
  const minutes = config().freshSignInMinutes;
  if (!isFreshSignIn(user.authTime, minutes)) {
    await recordAudit(db(), {
      action: "partner-connect",
      result: "denied",
      actor: user,
      ip: await clientIp(),
      detail: { reason: "sign-in too old", message: staleSignInMessage(user.authTime, minutes) },
    });
    return NextResponse.redirect(`${portal}${freshSignInUrl("/settings?connect=signed-in-again")}`, 303);
  }
  const form = await request.formData().catch(() => null);
  const returnTo = form?.get("returnTo") ?? "/settings";
  try {
    const { url, cookie } = await startConnect(returnTo);
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(CONNECT_COOKIE, cookie, { ...hostCookie, maxAge: 600 });
    return response;
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    const response = NextResponse.redirect(`${portal}/settings?connect=failed`, 303);
    response.cookies.set(FLASH_COOKIE, err.message, { ...hostCookie, maxAge: 60 });
    return response;
  }
}

export function GET() {
  return NextResponse.json({ error: "Start the connection with POST." }, { status: 405, headers: { Allow: "POST" } });
}
