// The token-endpoint response for the user flows (authorization code and refresh token), per
// docs/graph-contract.md §2.5: access token, id_token, client_info when asked, refresh token only with
// offline_access.
import type { DirectoryApp, DirectoryTenant, DirectoryUser } from "@/emulator/contract";
import { signJwt } from "@/emulator/tokens";
import type { Admission } from "./delegated-admission";
import { opaqueToken } from "./expiring-store";
import { REFRESH_TOKEN_TTL_MS, type FaceContext } from "./login-state";
import { responseScope, type ParsedScopes } from "./scopes";
import { ACCESS_TOKEN_SECONDS, clientInfo, delegatedAccessClaims, idTokenClaims } from "./token-claims";

export interface UserTokenRequest {
  tenant: DirectoryTenant;
  user: DirectoryUser;
  app: DirectoryApp;
  admission: Admission;
  scopes: ParsedScopes;
  amr: string[];
  authTimeMs: number;
  sessionId: string;
  nonce?: string;
  wantClientInfo: boolean;
}

export function userTokenResponse(ctx: FaceContext, r: UserTokenRequest): Record<string, unknown> {
  const nowSeconds = Math.floor(ctx.now() / 1000);
  const accessToken = signJwt(
    ctx.key,
    delegatedAccessClaims({
      tenant: r.tenant,
      user: r.user,
      app: r.app,
      scp: r.admission.scp,
      wids: r.admission.wids,
      crossTenant: r.admission.crossTenant,
      amr: r.amr,
      nowSeconds,
    }) as unknown as Record<string, unknown>,
  );
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: responseScope(r.scopes, r.admission.scp),
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: accessToken,
  };
  if (r.scopes.oidc.has("offline_access")) {
    const refreshToken = opaqueToken("emu-rt");
    ctx.state.refreshTokens.put(
      refreshToken,
      { clientId: r.app.clientId, userId: r.user.id, amr: r.amr, authTimeMs: r.authTimeMs, sessionId: r.sessionId },
      REFRESH_TOKEN_TTL_MS,
    );
    body.refresh_token = refreshToken;
  }
  if (r.scopes.oidc.has("openid")) {
    body.id_token = signJwt(
      ctx.key,
      idTokenClaims({
        urls: ctx.urls,
        tenant: r.tenant,
        user: r.user,
        app: r.app,
        appRoles: ctx.directory.appRoles(r.app.clientId, r.user.id),
        crossTenant: r.admission.crossTenant,
        nonce: r.nonce,
        authTimeSeconds: Math.floor(r.authTimeMs / 1000),
        sessionId: r.sessionId,
        nowSeconds,
      }),
    );
  }
  if (r.wantClientInfo) body.client_info = clientInfo(r.user);
  return body;
}
