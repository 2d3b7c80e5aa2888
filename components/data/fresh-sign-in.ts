// The browser's half of fresh sign-in (lib/auth/fresh-sign-in.ts), shared by every dialog and page
// whose actions may need one: when an action answers "reauthenticate", the person is sent to sign in
// again (Entra is asked for a recent authentication) and comes back to the page they were on, where
// they do the action again. `unwrap` (fetch.ts) calls it for every action it unwraps.
import type { ActionResult } from "@/lib/auth/action-client";

/** Sends the browser to `signInUrl` with this page as the place to come back to. */
export function goToFreshSignIn(signInUrl: string): void {
  const here = `${window.location.pathname}${window.location.search}`;
  // A full navigation, not the client router: the sign-in start is a route handler that redirects to Entra.
  const target = new URL(`${signInUrl}${signInUrl.includes("?") ? "&" : "?"}returnTo=${encodeURIComponent(here)}`, window.location.origin);
  window.location.href = target.href;
}

/**
 * For an action's result: when it asks for a fresh sign-in, go there and return the sentence to show
 * meanwhile; otherwise null (the caller handles the result as usual).
 */
export function freshSignInRedirect<T>(result: ActionResult<T>): string | null {
  if (result.ok || result.error.code !== "reauthenticate" || !result.error.signInUrl) return null;
  goToFreshSignIn(result.error.signInUrl);
  return `${result.error.message} Taking you to sign in…`;
}
