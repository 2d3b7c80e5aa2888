import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SignInCard } from "@/components/auth/SignInCard";
import { FLASH_COOKIE } from "@/lib/auth/cookies";
import { signInConfigured } from "@/lib/auth/oidc";
import { currentUser } from "@/lib/auth/request";
import { safeReturnTo } from "@/lib/auth/return-to";
import { DISABLED_MESSAGE, NO_ROLE_MESSAGE } from "@/lib/auth/staff";

export const metadata: Metadata = { title: "Sign in" };

const PROBLEMS: Record<string, string> = {
  "not-configured": "Sign-in is not configured yet.",
  expired: "The sign-in took too long or was started elsewhere. Please try again.",
  state: "The sign-in response did not match this browser. Please try again.",
  entra: "Microsoft Entra ID refused the sign-in.",
  "wrong-tenant": "Only accounts of the MSP's own tenant can sign in to this portal.",
  "invalid-token": "The sign-in could not be verified.",
  guest: "Guest accounts of the MSP's tenant cannot sign in here; only its member accounts can.",
  "not-fresh": "This needs a recent sign-in, and Microsoft Entra ID did not confirm one. Sign in again.",
  "no-role": NO_ROLE_MESSAGE,
  disabled: DISABLED_MESSAGE,
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.returnTo);
  if (await currentUser()) redirect(returnTo);
  const problem = typeof params.error === "string" ? params.error : null;
  // The detailed message comes from our own short-lived cookie, never from the URL.
  const detail = problem ? ((await cookies()).get(FLASH_COOKIE)?.value ?? null) : null;
  return (
    <SignInCard
      href={`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`}
      configured={signInConfigured()}
      // One message: the detailed one when this browser has it, else the problem's own sentence.
      problem={problem ? detail || (PROBLEMS[problem] ?? "The sign-in failed.") : null}
      signedOut={params.signedOut === "1"}
    />
  );
}
