// grant_type=authorization_code: redeem a single-use code from the sign-in page, checking the
// client, the authority, the redirect URI and the PKCE verifier it was bound to.
import { createHash } from "node:crypto";
import type { DirectoryApp } from "@/emulator/contract";
import { admitDelegated } from "./delegated-admission";
import { AADSTS, type EntraError } from "./entra-errors";
import type { FaceContext } from "./login-state";
import type { Authority } from "./routes";
import { parseScopes } from "./scopes";
import { userTokenResponse } from "./user-token-response";

export type GrantResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: EntraError };

export function redeemAuthorizationCode(ctx: FaceContext, form: URLSearchParams, app: DirectoryApp, authority: Authority): GrantResult {
  const code = form.get("code");
  if (!code) return { ok: false, error: AADSTS.missingParameter("code") };
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) return { ok: false, error: AADSTS.missingParameter("redirect_uri") };

  const found = ctx.state.codes.get(code);
  if (found === undefined) return { ok: false, error: AADSTS.codeInvalid() };
  if (found === "expired") return { ok: false, error: AADSTS.codeExpired() };
  const rec = found.value;
  if (rec.redeemed) return { ok: false, error: AADSTS.codeRedeemed() };
  if (rec.clientId !== app.clientId) return { ok: false, error: AADSTS.codeWrongClient() };
  const sameAuthority =
    rec.authority.kind === "multi" ? authority.kind === "multi" : authority.kind === "tenant" && authority.tenant.id === rec.authority.tenantId;
  if (!sameAuthority) return { ok: false, error: AADSTS.codeWrongTenant() };
  if (rec.redirectUri !== redirectUri) return { ok: false, error: AADSTS.replyAddressMismatch(redirectUri, rec.redirectUri) };
  if (rec.codeChallenge !== undefined && !verifierMatches(form.get("code_verifier"), rec.codeChallenge, rec.codeChallengeMethod)) {
    return { ok: false, error: AADSTS.pkceMismatch() };
  }
  // Any redemption that got this far uses the code up, even if issuance fails below (as Entra does).
  rec.redeemed = true;

  const tenant = ctx.directory.tenant(rec.tenantId);
  const user = ctx.directory.user(rec.userId);
  if (!tenant || !user) return { ok: false, error: AADSTS.refreshTokenRevoked() };
  const scopeRaw = form.get("scope") ?? "";
  if (!scopeRaw.trim()) return { ok: false, error: AADSTS.emptyScope() };
  const parsed = parseScopes(scopeRaw, tenant.displayName);
  if (!parsed.ok) return parsed;

  // The sign-in this code came from was a browser sign-in; evaluate it as such again.
  const admitted = admitDelegated({
    directory: ctx.directory,
    tenant,
    user,
    app,
    scopes: parsed.scopes,
    clientAppType: "browser",
    amr: rec.amr,
    ipAddress: rec.ipAddress,
  });
  if (!admitted.ok) return admitted;
  return {
    ok: true,
    body: userTokenResponse(ctx, {
      tenant,
      user,
      app,
      admission: admitted.admission,
      scopes: parsed.scopes,
      amr: rec.amr,
      authTimeMs: rec.authTimeMs,
      sessionId: rec.sessionId,
      nonce: rec.nonce,
      wantClientInfo: form.get("client_info") === "1",
    }),
  };
}

/** RFC 7636 §4.6: S256 compares BASE64URL(SHA256(verifier)); plain compares the strings. */
export function verifierMatches(verifier: string | null, challenge: string, method: "S256" | "plain"): boolean {
  if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return computed === challenge;
}
