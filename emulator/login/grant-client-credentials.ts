// grant_type=client_credentials: an app-only Graph token, only in a tenant where the app has a
// service principal (consent); `roles` are the application permissions granted there.
import type { DirectoryApp } from "@/emulator/contract";
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from "@/emulator/contract";
import { signJwt } from "@/emulator/tokens";
import { AADSTS } from "./entra-errors";
import type { GrantResult } from "./grant-authorization-code";
import type { FaceContext } from "./login-state";
import type { Authority } from "./routes";
import { ACCESS_TOKEN_SECONDS, appOnlyAccessClaims } from "./token-claims";

const GRAPH_DEFAULT = new Set([`${GRAPH_AUDIENCE}/.default`, `${GRAPH_AUDIENCE}//.default`, `${GRAPH_APP_ID}/.default`]);

export function issueClientCredentials(ctx: FaceContext, form: URLSearchParams, app: DirectoryApp, authority: Authority): GrantResult {
  if (authority.kind !== "tenant") {
    return { ok: false, error: authority.segment === "common" ? AADSTS.grantNotOnCommon() : AADSTS.noTenantForAppOnly() };
  }
  const scope = (form.get("scope") ?? "").trim();
  if (!scope) return { ok: false, error: AADSTS.missingParameter("scope") };
  const items = scope.split(/\s+/);
  const [only] = items;
  if (items.length !== 1 || only === undefined || !only.endsWith("/.default")) return { ok: false, error: AADSTS.appOnlyScope(scope) };
  if (!GRAPH_DEFAULT.has(only.toLowerCase())) {
    return { ok: false, error: AADSTS.unknownResource(only.slice(0, -"/.default".length), authority.tenant.displayName) };
  }
  const consent = ctx.directory.consent(authority.tenant.id, app.clientId);
  if (!consent) return { ok: false, error: AADSTS.appNotFound(app.clientId, authority.tenant.id) };
  const claims = appOnlyAccessClaims(authority.tenant, app, consent.appRoles, Math.floor(ctx.now() / 1000));
  return {
    ok: true,
    body: {
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_SECONDS,
      ext_expires_in: ACCESS_TOKEN_SECONDS,
      access_token: signJwt(ctx.key, claims as unknown as Record<string, unknown>),
    },
  };
}
