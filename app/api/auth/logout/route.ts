import { NextResponse, type NextRequest } from "next/server";
import { fromPortal } from "@/lib/auth/same-origin";
import { recordAudit } from "@/lib/audit/record";
import { hostCookie } from "@/lib/auth/cookies";
import { endSessionUrl } from "@/lib/auth/oidc";
import { clientIp, currentUser } from "@/lib/auth/request";
import { SESSION_COOKIE, endSession } from "@/lib/auth/sessions";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// Logging out changes state, so only POST, and only from our own pages (route handlers get no
// built-in CSRF check; a missing Origin is refused too).
export async function POST(request: NextRequest) {
  const portal = config().portalUrl;
  if (!fromPortal(request, portal)) {
    return NextResponse.json({ error: "Cross-site request refused." }, { status: 403 });
  }
  const user = await currentUser();
  await endSession(db(), request.cookies.get(SESSION_COOKIE)?.value);
  if (user) await recordAudit(db(), { action: "sign-out", result: "success", actor: user, ip: await clientIp() });
  const afterEntra = await endSessionUrl(`${portal}/login?signedOut=1`);
  const response = NextResponse.redirect(afterEntra ?? `${portal}/login?signedOut=1`, 303);
  response.cookies.delete({ name: SESSION_COOKIE, ...hostCookie });
  return response;
}

export function GET() {
  return NextResponse.json({ error: "Sign out with POST." }, { status: 405, headers: { Allow: "POST" } });
}
