// The claims of the tokens the face signs: Graph access tokens (exactly GraphAccessClaims, which is
// all the Graph face trusts), v2 id_tokens (what msal builds its account from) and client_info.
import { createHash } from "node:crypto";
import { GRAPH_AUDIENCE, type DirectoryApp, type DirectoryTenant, type DirectoryUser, type GraphAccessClaims } from "@/emulator/contract";
import { issuerOf, v1IssuerOf, type Urls } from "./routes";

export const ACCESS_TOKEN_SECONDS = 3599;

/** Entra's `sub` is pairwise: stable for one user and one app, different across apps. */
export function pairwiseSubject(clientId: string, objectId: string): string {
  return createHash("sha256").update(`${clientId.toLowerCase()}:${objectId.toLowerCase()}`).digest("base64url").slice(0, 43);
}

/**
 * The app's service principal id in a tenant. The directory contract has no such id, so derive a
 * stable GUID-shaped one (name-based, like a v5 UUID) so `oid` is the same on every token.
 */
export function servicePrincipalId(tenantId: string, clientId: string): string {
  const h = createHash("sha1").update(`sp:${tenantId.toLowerCase()}:${clientId.toLowerCase()}`).digest("hex");
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export interface DelegatedTokenInput {
  tenant: DirectoryTenant;
  user: DirectoryUser;
  app: DirectoryApp;
  scp: readonly string[];
  wids: readonly string[];
  crossTenant: boolean;
  amr: readonly string[];
  nowSeconds: number;
}

export function delegatedAccessClaims(t: DelegatedTokenInput): GraphAccessClaims {
  return {
    aud: GRAPH_AUDIENCE,
    iss: v1IssuerOf(t.tenant.id),
    iat: t.nowSeconds,
    nbf: t.nowSeconds,
    exp: t.nowSeconds + ACCESS_TOKEN_SECONDS,
    tid: t.tenant.id,
    appid: t.app.clientId,
    app_displayname: t.app.displayName,
    idtyp: "user",
    ver: "1.0",
    oid: t.user.id,
    sub: pairwiseSubject(t.app.clientId, t.user.id),
    scp: t.scp.join(" "),
    upn: t.user.userPrincipalName,
    name: t.user.displayName,
    wids: [...t.wids],
    ...(externalIdp(t) ? { idp: externalIdp(t) } : {}),
    home_tid: t.user.guestOf ?? t.user.tenantId,
    amr: [...t.amr],
  };
}

export function appOnlyAccessClaims(tenant: DirectoryTenant, app: DirectoryApp, roles: readonly string[], nowSeconds: number): GraphAccessClaims {
  const oid = servicePrincipalId(tenant.id, app.clientId);
  return {
    aud: GRAPH_AUDIENCE,
    iss: v1IssuerOf(tenant.id),
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + ACCESS_TOKEN_SECONDS,
    tid: tenant.id,
    appid: app.clientId,
    app_displayname: app.displayName,
    idtyp: "app",
    ver: "1.0",
    oid,
    sub: oid,
    // Entra omits `roles` when the app holds no application permission in the tenant.
    ...(roles.length > 0 ? { roles: [...roles] } : {}),
  };
}

export interface IdTokenInput {
  urls: Urls;
  tenant: DirectoryTenant;
  user: DirectoryUser;
  app: DirectoryApp;
  appRoles: readonly string[];
  crossTenant: boolean;
  nonce?: string;
  authTimeSeconds: number;
  sessionId: string;
  nowSeconds: number;
}

/**
 * Who really authenticated the user, when not the tenant that issues the token: the home tenant of a
 * GDAP (cross-tenant) user or of a B2B guest. Entra's ID token claims reference: `idp` "is identical
 * to the value of the issuer claim unless the user account isn't in the same tenant as the issuer -
 * guests, for instance" (learn.microsoft.com/entra/identity-platform/id-token-claims-reference).
 */
function externalIdp(t: { user: DirectoryUser; crossTenant: boolean }): string | undefined {
  if (t.user.guestOf) return v1IssuerOf(t.user.guestOf);
  return t.crossTenant ? v1IssuerOf(t.user.tenantId) : undefined;
}

export function idTokenClaims(t: IdTokenInput): Record<string, unknown> {
  const idp = externalIdp(t);
  return {
    aud: t.app.clientId,
    iss: issuerOf(t.urls, t.tenant.id),
    iat: t.nowSeconds,
    nbf: t.nowSeconds,
    exp: t.nowSeconds + 3600,
    // `auth_time` and `acct` are optional claims in Entra (optional-claims-reference: "auth_time: Time
    // when the user last authenticated"; "acct: If the user is a member of the tenant, the value is 0.
    // If they're a guest, the value is 1"). The portal's app registration asks for both in the ID
    // token (README, "Register the app"), so the local cloud's registration emits them too.
    auth_time: t.authTimeSeconds,
    acct: t.user.guestOf || t.crossTenant ? 1 : 0,
    ...(idp ? { idp } : {}),
    name: t.user.displayName,
    // msal's strict nonce check fails on a nonce it did not send: echo it only when requested.
    ...(t.nonce !== undefined ? { nonce: t.nonce } : {}),
    oid: t.user.id,
    preferred_username: t.user.userPrincipalName,
    ...(t.appRoles.length > 0 ? { roles: [...t.appRoles] } : {}),
    sid: t.sessionId,
    sub: pairwiseSubject(t.app.clientId, t.user.id),
    tid: t.tenant.id,
    ver: "2.0",
  };
}

/** msal keys the account on uid.utid: always the HOME tenant, also on customer-tenant (GDAP) responses. */
export function clientInfo(user: DirectoryUser): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString("base64url");
}
