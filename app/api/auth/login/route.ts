import { NextResponse, type NextRequest } from "next/server";
import { hostCookie, FLASH_COOKIE } from "@/lib/auth/cookies";
import { SIGN_IN_COOKIE, SignInError, startSignIn } from "@/lib/auth/oidc";
import { config } from "@/lib/config";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  try {
    // fresh=1: the person must authenticate again now (OIDC max_age), for an action that needs a fresh sign-in.
    const { url, cookie } = await startSignIn(request.nextUrl.searchParams.get("returnTo"), { fresh: request.nextUrl.searchParams.get("fresh") === "1" });
    const response = NextResponse.redirect(url);
    response.cookies.set(SIGN_IN_COOKIE, cookie, { ...hostCookie, maxAge: 600 });
    return response;
  } catch (err) {
    if (!(err instanceof SignInError)) throw err;
    const response = NextResponse.redirect(`${config().portalUrl}/login?error=${err.problem}`);
    response.cookies.set(FLASH_COOKIE, err.message, { ...hostCookie, maxAge: 60 });
    return response;
  }
}
