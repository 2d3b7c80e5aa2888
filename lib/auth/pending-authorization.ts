// What the portal must remember between sending a browser to Entra and its return: state, nonce,
// the PKCE verifier and where to go afterwards. It travels in a short-lived cookie sealed with
// AES-256-GCM and bound to the cookie's name, so it cannot be read, forged or swapped between the
// two flows that use it (staff sign-in and connecting the automation account).
import { CryptoProvider } from "@azure/msal-node";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { open, seal, SealError } from "../crypto/seal";
import { safeReturnTo } from "./return-to";

const pendingSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  verifier: z.string().min(43),
  returnTo: z.string(),
  expires: z.number(),
  /** A fresh sign-in: the `max_age` sent to Entra, which the id token's auth_time must meet. */
  maxAgeSeconds: z.number().int().min(0).optional(),
});
export type PendingAuthorization = z.infer<typeof pendingSchema>;

export async function newPendingAuthorization(returnTo: unknown, ttlMs: number): Promise<{ pending: PendingAuthorization; codeChallenge: string }> {
  const pkce = await new CryptoProvider().generatePkceCodes();
  return {
    pending: {
      state: randomBytes(24).toString("base64url"),
      nonce: randomBytes(24).toString("base64url"),
      verifier: pkce.verifier,
      returnTo: safeReturnTo(returnTo),
      expires: Date.now() + ttlMs,
    },
    codeChallenge: pkce.challenge,
  };
}

export function sealPending(key: Buffer, pending: PendingAuthorization, cookieName: string): string {
  return seal(key, JSON.stringify(pending), cookieName).toString("base64url");
}

/** The pending request, or why it cannot be used (the callers turn that into their own words). */
export function openPending(
  key: Buffer,
  cookie: string | undefined,
  cookieName: string,
  now = Date.now(),
): PendingAuthorization | "missing" | "invalid" | "expired" {
  if (!cookie) return "missing";
  let pending: PendingAuthorization;
  try {
    pending = pendingSchema.parse(JSON.parse(open(key, Buffer.from(cookie, "base64url"), cookieName).toString("utf8")));
  } catch (err) {
    if (err instanceof SealError || err instanceof SyntaxError || err instanceof z.ZodError) return "invalid";
    throw err;
  }
  return pending.expires < now ? "expired" : pending;
}
