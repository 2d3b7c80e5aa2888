// How the browser reads from the server, in one place: route handlers as JSON (with the status
// codes turned into sentences) and server actions unwrapped (a refusal becomes an Error whose
// message is shown as it is).
import type { ActionResult } from "@/lib/auth/action-client";
import { freshSignInRedirect } from "./fresh-sign-in";

export class ReadError extends Error {
  constructor(
    message: string,
    /** Asking again will not help (not signed in, not allowed, no such thing). */
    readonly definitive: boolean,
  ) {
    super(message);
    this.name = "ReadError";
  }
}

export async function fetchJson<T>(path: string, what: string): Promise<T> {
  const res = await fetch(path, { cache: "no-store" });
  if (res.ok) return (await res.json()) as T;
  if (res.status === 401) throw new ReadError("Your session has ended; sign in again.", true);
  if (res.status === 403) throw new ReadError(`You may not see this ${what}.`, true);
  if (res.status === 404) throw new ReadError(`There is no such ${what}.`, true);
  throw new ReadError(`Could not read the ${what} (HTTP ${res.status}).`, false);
}

/** Errors that asking again will not fix; anything else (a network blip) is retried. */
export const isDefinitive = (error: Error | null) => error instanceof ReadError && error.definitive;

export async function unwrap<T>(pending: Promise<ActionResult<T>>): Promise<T> {
  const result = await pending;
  // An action that needs a fresh sign-in: the browser is on its way to sign in again.
  const signingIn = freshSignInRedirect(result);
  if (signingIn) throw new Error(signingIn);
  if (!result.ok) {
    const fields = result.error.fields ? ` (${Object.values(result.error.fields).flat().join(" ")})` : "";
    throw new Error(`${result.error.message}${fields}${result.error.errorId ? ` Error id: ${result.error.errorId}.` : ""}`);
  }
  return result.data;
}
