// Staff sign-in: OpenID Connect authorization code flow with PKCE through msal-node, against the
// MSP's own (partner) tenant only. The state, nonce and PKCE verifier travel in a short-lived
// sealed cookie bound to this browser; the id_token is checked here (signature against the
// tenant's published keys, issuer, audience, tenant, nonce) rather than trusted because it came
// back from the token endpoint.
import "server-only";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { config } from "../config";
import { deriveKey } from "../crypto/seal";
import { identityFromClaims } from "./id-token";
import { SignInError, type StaffIdentity } from "./oidc-types";
import { newPendingAuthorization, openPending, sealPending, type PendingAuthorization } from "./pending-authorization";

export { SignInError, type SignInProblem, type StaffIdentity } from "./oidc-types";

export const SIGN_IN_COOKIE = "__Host-msp_signin";
const SIGN_IN_TTL_MS = 10 * 60_000;
const SCOPES = ["openid", "profile", "email"];

function settings() {
  const c = config();
  if (!c.partnerTenantId || !c.clientId || !c.clientSecret || !c.encryptionKey) {
    throw new SignInError("not-configured", "Sign-in is not configured: set PARTNER_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET and ENCRYPTION_KEY.");
  }
  return {
    partnerTenantId: c.partnerTenantId,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    authority: `${c.entraAuthorityHost}/${c.partnerTenantId}`,
    authorityHost: c.entraAuthorityHost,
    redirectUri: `${c.portalUrl}/api/auth/callback`,
    cookieKey: deriveKey(c.encryptionKey, "sign-in-cookie"),
  };
}

const holder = globalThis as unknown as {
  __signInClient?: ConfidentialClientApplication;
  __jwks?: ReturnType<typeof createRemoteJWKSet>;
  __endSession?: Promise<string | null>;
};

function client(s: ReturnType<typeof settings>): ConfidentialClientApplication {
  holder.__signInClient ??= new ConfidentialClientApplication({
    auth: {
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      authority: s.authority,
      // Trust the configured sign-in host as is: no instance discovery call to another host.
      knownAuthorities: [new URL(s.authorityHost).host],
    },
  });
  return holder.__signInClient;
}

export function signInConfigured(): boolean {
  try {
    settings();
    return true;
  } catch {
    return false;
  }
}

/**
 * The Entra URL to send the browser to, and the sealed cookie that remembers what we asked.
 * `fresh`: the person must have authenticated within FRESH_SIGN_IN_MINUTES (fresh-sign-in.ts): Entra
 * gets OIDC `max_age` (msal-node 7 sends it only through extraQueryParameters) and the callback
 * checks the id token's auth_time against it (id-token.ts).
 */
export async function startSignIn(returnTo: unknown, options: { fresh?: boolean } = {}): Promise<{ url: string; cookie: string }> {
  const s = settings();
  const { pending, codeChallenge } = await newPendingAuthorization(returnTo, SIGN_IN_TTL_MS);
  const maxAgeSeconds = options.fresh ? config().freshSignInMinutes * 60 : undefined;
  const url = await client(s).getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: s.redirectUri,
    state: pending.state,
    nonce: pending.nonce,
    codeChallenge,
    codeChallengeMethod: "S256",
    prompt: "select_account",
    ...(maxAgeSeconds !== undefined ? { extraQueryParameters: { max_age: String(maxAgeSeconds) } } : {}),
  });
  return { url, cookie: sealPending(s.cookieKey, { ...pending, ...(maxAgeSeconds !== undefined ? { maxAgeSeconds } : {}) }, SIGN_IN_COOKIE) };
}

function readPending(cookieKey: Buffer, cookie: string | undefined): PendingAuthorization {
  const pending = openPending(cookieKey, cookie, SIGN_IN_COOKIE);
  if (pending === "missing") throw new SignInError("expired", "The sign-in took too long or was started in another browser. Try again.");
  if (pending === "invalid") throw new SignInError("expired", "The sign-in could not be verified. Try again.");
  if (pending === "expired") throw new SignInError("expired", "The sign-in took too long. Try again.");
  return pending;
}

/** Completes the flow: redeems the code and returns who signed in, from a verified id_token. */
export async function finishSignIn(query: URLSearchParams, cookie: string | undefined): Promise<{ identity: StaffIdentity; returnTo: string }> {
  const s = settings();
  const pending = readPending(s.cookieKey, cookie);
  const state = query.get("state");
  if (!state || state !== pending.state) throw new SignInError("state", "The sign-in response does not match this browser's request. Try again.");
  const error = query.get("error");
  if (error) {
    const description = (query.get("error_description") ?? "").split(/ Trace ID:/)[0]!.slice(0, 300);
    throw new SignInError("entra", `Microsoft Entra ID refused the sign-in: ${description || error}`);
  }
  const code = query.get("code");
  if (!code) throw new SignInError("entra", "The sign-in response carried no authorization code.");

  let result;
  try {
    result = await client(s).acquireTokenByCode({
      code,
      scopes: SCOPES,
      redirectUri: s.redirectUri,
      codeVerifier: pending.verifier,
      state,
      nonce: pending.nonce,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message.split(/ Trace ID:/)[0] : String(err);
    throw new SignInError("entra", `Microsoft Entra ID refused the sign-in: ${message}`);
  }
  if (!result?.idToken) throw new SignInError("invalid-token", "The sign-in returned no identity token.");

  holder.__jwks ??= createRemoteJWKSet(new URL(`${s.authority}/discovery/v2.0/keys`));
  let claims: Record<string, unknown>;
  try {
    claims = (await jwtVerify(result.idToken, holder.__jwks, { issuer: `${s.authority}/v2.0`, audience: s.clientId, clockTolerance: 300 })).payload as Record<
      string,
      unknown
    >;
  } catch (err) {
    const tid = result.idTokenClaims && (result.idTokenClaims as Record<string, unknown>).tid;
    if (typeof tid === "string" && tid !== s.partnerTenantId) {
      throw new SignInError("wrong-tenant", "Only accounts of the MSP's own tenant can sign in to this portal.");
    }
    throw new SignInError("invalid-token", `The identity token could not be verified: ${(err as Error).message}`);
  }
  if (claims.nonce !== pending.nonce) throw new SignInError("invalid-token", "The identity token was not issued for this sign-in.");
  return {
    identity: identityFromClaims(claims, { partnerTenantId: s.partnerTenantId, issuer: `${s.authority}/v2.0`, maxAgeSeconds: pending.maxAgeSeconds }),
    returnTo: pending.returnTo,
  };
}

/** Entra's sign-out page for this tenant, as its OpenID configuration advertises it. */
export async function endSessionUrl(postLogoutRedirect: string): Promise<string | null> {
  try {
    const s = settings();
    holder.__endSession ??= fetch(`${s.authority}/v2.0/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<{ end_session_endpoint?: string }>)
      .then((d) => d.end_session_endpoint ?? null)
      .catch(() => {
        holder.__endSession = undefined;
        return null;
      });
    const endpoint = await holder.__endSession;
    // client_id tells Entra whose registered URIs the return address must match (OIDC RP-initiated logout).
    return endpoint ? `${endpoint}?client_id=${s.clientId}&post_logout_redirect_uri=${encodeURIComponent(postLogoutRedirect)}` : null;
  } catch {
    return null;
  }
}
