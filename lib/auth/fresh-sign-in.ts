// Fresh sign-in (step-up): some actions need the person to have really authenticated at Entra
// recently, not only to hold a live session (sessions last up to SESSION_ABSOLUTE_MINUTES). The
// session remembers the id token's auth_time (lib/auth/sessions.ts); when it is older than
// FRESH_SIGN_IN_MINUTES (default 15) or unknown, the action is refused with the code
// "reauthenticate" and the sign-in URL, and nothing is written. The browser then goes to
// `/api/auth/login?fresh=1&returnTo=<the page>`, which sends OIDC `max_age` to Entra; the callback
// refuses an id token whose auth_time is older than that (id-token.ts), and the person comes back
// to the page they were on with a fresh session. See lib/auth/README.md.

/** Where a browser starts a fresh sign-in; the client adds `&returnTo=<its page>` (validated by return-to.ts). */
export const FRESH_SIGN_IN_PATH = "/api/auth/login?fresh=1";

export function freshSignInUrl(returnTo: string): string {
  return `${FRESH_SIGN_IN_PATH}&returnTo=${encodeURIComponent(returnTo)}`;
}

/** Has the person authenticated within `minutes`? An unknown time is never fresh. */
export function isFreshSignIn(authTime: Date | null, minutes: number, now = new Date()): boolean {
  if (!authTime) return false;
  const age = now.getTime() - authTime.getTime();
  return age <= minutes * 60_000;
}

/** Why the sign-in is not fresh enough, in words. */
export function staleSignInMessage(authTime: Date | null, minutes: number, now = new Date()): string {
  const need = `This needs a sign-in within the last ${minutes} minutes`;
  if (!authTime) return `${need}, and Microsoft Entra ID did not say when you last signed in. Sign in again to continue.`;
  const ago = Math.max(1, Math.round((now.getTime() - authTime.getTime()) / 60_000));
  return `${need}; you last signed in ${ago} minute${ago === 1 ? "" : "s"} ago. Sign in again to continue.`;
}
