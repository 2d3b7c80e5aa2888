// POST /{tenant}/oauth2/v2.0/token: form-encoded, confidential clients only, JSON out (msal parses
// every response body as JSON, errors included).
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticateClient } from "./client-authentication";
import { AADSTS, errorBody, errorStatus, requestIds, type EntraError, type RequestIds } from "./entra-errors";
import { redeemAuthorizationCode, type GrantResult } from "./grant-authorization-code";
import { issueClientCredentials } from "./grant-client-credentials";
import { redeemRefreshToken } from "./grant-refresh-token";
import { BodyTooLargeError, readForm, sendJson } from "./http-util";
import type { FaceContext } from "./login-state";
import type { Authority } from "./routes";

export async function handleTokenRequest(ctx: FaceContext, req: IncomingMessage, res: ServerResponse, authority: Authority): Promise<void> {
  let ids: RequestIds = requestIds(req.headers["client-request-id"]);
  const fail = (error: EntraError) => sendError(ctx, res, ids, error);
  if (req.method !== "POST") return fail(AADSTS.onlyPost(req.method ?? "GET"));
  let form: URLSearchParams;
  try {
    form = await readForm(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return fail(AADSTS.malformed());
    throw err;
  }
  if (!req.headers["client-request-id"] && form.get("client-request-id")) ids = requestIds(form.get("client-request-id") ?? undefined);
  if (authority.kind === "unknown") return fail(AADSTS.tenantNotFound(authority.segment));
  const grantType = form.get("grant_type");
  if (!grantType) return fail(AADSTS.missingParameter("grant_type"));

  const tenantLabel = authority.kind === "tenant" ? authority.tenant.id : authority.segment;
  const client = authenticateClient(req, form, ctx.directory, tenantLabel);
  if (!client.ok) return fail(client.error);

  let result: GrantResult;
  switch (grantType) {
    case "authorization_code":
      result = redeemAuthorizationCode(ctx, form, client.app, authority);
      break;
    case "refresh_token":
      result = redeemRefreshToken(ctx, req, form, client.app, authority);
      break;
    case "client_credentials":
      result = issueClientCredentials(ctx, form, client.app, authority);
      break;
    default:
      result = { ok: false, error: AADSTS.unsupportedGrantType(grantType) };
  }
  if (!result.ok) return fail(result.error);
  sendJson(res, 200, result.body, { "x-ms-request-id": ids.traceId, "client-request-id": ids.correlationId });
}

function sendError(ctx: FaceContext, res: ServerResponse, ids: RequestIds, error: EntraError): void {
  sendJson(res, errorStatus(error), errorBody(error, ids, ctx.now()), {
    "x-ms-request-id": ids.traceId,
    "client-request-id": ids.correlationId,
  });
}

export function sendEntraError(ctx: FaceContext, res: ServerResponse, req: IncomingMessage, error: EntraError): void {
  sendError(ctx, res, requestIds(req.headers["client-request-id"]), error);
}
