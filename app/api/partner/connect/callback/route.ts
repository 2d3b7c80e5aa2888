// Where Entra sends the admin's browser back after the automation account signed in: redeem the code
// (the refresh token goes to the encrypted token cache only), record the account, audit.
import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { FLASH_COOKIE, hostCookie } from "@/lib/auth/cookies";
import { clientIp, currentUser } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { CONNECT_COOKIE, ConnectError, finishConnect, GraphFailure } from "@/lib/graph";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const portal = config().portalUrl;
  const ip = await clientIp();
  const user = await currentUser();
  if (!user) return NextResponse.redirect(`${portal}/login?returnTo=${encodeURIComponent("/settings")}`);
  if (!allows(user.role, "admin")) {
    await recordAudit(db(), { action: "partner-connect", result: "denied", actor: user, ip, detail: { role: user.role } });
    return NextResponse.json({ error: "Only an admin can connect the automation account." }, { status: 403 });
  }
  try {
    const connected = await finishConnect(request.nextUrl.searchParams, request.cookies.get(CONNECT_COOKIE)?.value, user.upn);
    await recordAudit(db(), {
      action: "partner-connect",
      result: "success",
      actor: user,
      ip,
      detail: { accountUpn: connected.upn, accountId: connected.accountId },
    });
    const response = NextResponse.redirect(`${portal}${connected.returnTo}`);
    response.cookies.delete({ name: CONNECT_COOKIE, ...hostCookie });
    return response;
  } catch (err) {
    if (!(err instanceof ConnectError || err instanceof GraphFailure)) throw err;
    await recordAudit(db(), { action: "partner-connect", result: "failed", actor: user, ip, detail: { message: err.message } });
    const response = NextResponse.redirect(`${portal}/settings?connect=failed`);
    response.cookies.set(FLASH_COOKIE, err.message, { ...hostCookie, maxAge: 60 });
    response.cookies.delete({ name: CONNECT_COOKIE, ...hostCookie });
    return response;
  }
}
