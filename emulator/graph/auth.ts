// Who is calling: the bearer token is verified with the process signing key (as Graph trusts
// Entra's published keys), then authorised from its claims alone (docs/graph-contract.md §3.1): app-only tokens
// by `roles`, delegated tokens by `scp` and, for CA, a directory role in `wids`.
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from "../contract";
import type { Fleet } from "../fleet/fleet";
import { graphError, type ErrorContext, type GraphResponse } from "../http/response";
import { verifyJwt, type SigningKey } from "../tokens";
import type { Caller, Requirement } from "./types";

function unauthorized(message: string, ctx: ErrorContext, publicBase: string): GraphResponse {
  return graphError(
    401,
    "InvalidAuthenticationToken",
    message,
    ctx,
    {},
    {
      "WWW-Authenticate": `Bearer realm="", authorization_uri="${publicBase}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
    },
  );
}

export function authenticate(authorization: string | undefined, key: SigningKey, fleet: Fleet, ctx: ErrorContext, publicBase: string): Caller | GraphResponse {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
  if (!token) return unauthorized("Access token is empty.", ctx, publicBase);
  const check = verifyJwt(key, token);
  if (!check.ok) {
    const message = {
      malformed: "IDX14100: JWT is not well formed, there are no dots (.). The token needs to be in JWS or JWE Compact Serialization Format.",
      signature: "Access token validation failure. Invalid signature.",
      expired: "Lifetime validation failed, the token is expired.",
      "not-yet-valid": "Lifetime validation failed, the token is not yet valid.",
    }[check.reason];
    return unauthorized(message, ctx, publicBase);
  }
  const c = check.claims;
  if (c.aud !== GRAPH_AUDIENCE && c.aud !== GRAPH_APP_ID && c.aud !== `${GRAPH_AUDIENCE}/`) {
    return unauthorized("Access token validation failure. Invalid audience.", ctx, publicBase);
  }
  const tenant = typeof c.tid === "string" ? fleet.tenantById(c.tid) : undefined;
  if (!tenant) return unauthorized("Access token validation failure. Invalid issuer or tenant.", ctx, publicBase);
  const appId = typeof c.appid === "string" ? c.appid : "";
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  if (c.idtyp === "app" || (c.scp === undefined && c.roles !== undefined)) {
    const roles = strings(c.roles);
    if (roles.length === 0) return unauthorized("Either scp or roles claim need to be present in the token.", ctx, publicBase);
    return { tenant, appId, kind: "app", userId: null, upn: null, permissions: new Set(roles), wids: new Set(), isMember: false, label: "app" };
  }
  if (typeof c.scp !== "string" || c.scp.trim() === "") {
    return unauthorized("Either scp or roles claim need to be present in the token.", ctx, publicBase);
  }
  const userId = typeof c.oid === "string" ? c.oid : null;
  const upn = typeof c.upn === "string" ? c.upn : null;
  const homeTid = typeof c.home_tid === "string" ? c.home_tid : undefined;
  const isMember = (homeTid === undefined || homeTid === tenant.id) && c.idp === undefined;
  return {
    tenant,
    appId,
    kind: "user",
    userId,
    upn,
    permissions: new Set(c.scp.split(" ").filter(Boolean)),
    wids: new Set(strings(c.wids)),
    isMember,
    label: `${userId ?? "?"} ${upn ?? ""}`.trim(),
  };
}

/**
 * Graph's 403 for a token without the permission a Conditional Access route needs (docs/graph-contract.md §3.1,
 * observed with code AccessDenied: permissions.ts). The same body answers a tenant without Entra ID P1
 * (face.ts): Microsoft documents no licence error, so nothing in the body tells the two apart ("unverified,
 * strict"): the portal reads the licence from /organization instead.
 */
export const ACCESS_DENIED_MESSAGE = "You cannot perform the requested operation, required scopes are missing in the token.";

export function authorize(caller: Caller, req: Requirement, ctx: ErrorContext): GraphResponse | undefined {
  if (caller.kind === "app" && req.appOnly === false) {
    return graphError(403, "Authorization_RequestDenied", "This API does not support application permissions.", ctx);
  }
  const granted = req.permissions.some((all) => all.every((p) => caller.permissions.has(p)));
  if (!granted) {
    if (req.deniedCode === "AccessDenied") return graphError(403, "AccessDenied", ACCESS_DENIED_MESSAGE, ctx);
    return graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation. Required scopes are missing in the token.", ctx, {
      code: "MissingScopes",
      message: `Requires one of: ${req.permissions.map((a) => a.join(" + ")).join(" | ")}`,
    });
  }
  if (caller.kind === "user") {
    const roles = req.delegatedRoles ?? (caller.isMember ? undefined : req.guestRoles);
    if (roles && !roles.some((r) => caller.wids.has(r))) {
      return graphError(403, req.deniedCode ?? "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", ctx);
    }
  }
  return undefined;
}
