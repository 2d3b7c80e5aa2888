// grant_type=refresh_token. A refresh token belongs to the client and the HOME user, not to a
// tenant: redeemed at the home authority it gives a member token; redeemed at a customer's
// authority it is the GDAP path (docs/graph-contract.md §1.6, §2.6), admitted only through an active GDAP
// relationship, the app's consent there and the customer's Conditional Access.
import type { IncomingMessage } from "node:http";
import type { DirectoryApp } from "@/emulator/contract";
import { admitDelegated } from "./delegated-admission";
import { AADSTS } from "./entra-errors";
import type { GrantResult } from "./grant-authorization-code";
import { remoteAddress } from "./http-util";
import type { FaceContext } from "./login-state";
import type { Authority } from "./routes";
import { parseScopes } from "./scopes";
import { userTokenResponse } from "./user-token-response";

export function redeemRefreshToken(ctx: FaceContext, req: IncomingMessage, form: URLSearchParams, app: DirectoryApp, authority: Authority): GrantResult {
  const token = form.get("refresh_token");
  if (!token) return { ok: false, error: AADSTS.missingParameter("refresh_token") };
  const scopeRaw = form.get("scope");
  if (!scopeRaw?.trim()) return { ok: false, error: AADSTS.missingParameter("scope") };
  // The request is checked before the grant, as Entra does (a bad scope is reported as such).
  const parsed = parseScopes(scopeRaw, authority.kind === "tenant" ? authority.tenant.displayName : authority.segment);
  if (!parsed.ok) return parsed;

  const found = ctx.state.refreshTokens.get(token);
  if (found === undefined) return { ok: false, error: AADSTS.refreshTokenInvalid() };
  if (found === "expired") return { ok: false, error: AADSTS.refreshTokenExpired() };
  const grant = found.value;
  if (grant.clientId !== app.clientId) return { ok: false, error: AADSTS.refreshTokenWrongClient() };
  const user = ctx.directory.user(grant.userId);
  if (!user) return { ok: false, error: AADSTS.refreshTokenRevoked() };

  // common/organizations carry no tenant: the user's home tenant answers.
  const tenant = authority.kind === "tenant" ? authority.tenant : ctx.directory.tenant(user.tenantId);
  if (!tenant) return { ok: false, error: AADSTS.refreshTokenRevoked() };

  // The portal's server redeems refresh tokens: Conditional Access sees a desktop/mobile client.
  const admitted = admitDelegated({
    directory: ctx.directory,
    tenant,
    user,
    app,
    scopes: parsed.scopes,
    clientAppType: "mobileAppsAndDesktopClients",
    amr: grant.amr,
    ipAddress: remoteAddress(req),
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
      amr: grant.amr,
      authTimeMs: grant.authTimeMs,
      sessionId: grant.sessionId,
      wantClientInfo: form.get("client_info") === "1",
    }),
  };
}
