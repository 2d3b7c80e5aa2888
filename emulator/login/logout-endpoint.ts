// GET/POST /{tenant}/oauth2/v2.0/logout: ends the emulator's browser session, then returns to the
// app's post_logout_redirect_uri when it is on the origin of one of the app's registered redirect
// URIs, else shows a "signed out" page. Refresh tokens stay valid, as in Entra.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DirectoryApp } from "@/emulator/contract";
import { appendSetCookie, BodyTooLargeError, cookieName, isTls, parseCookies, readForm, sendHtml, sendRedirect, serializeCookie } from "./http-util";
import { SESSION_COOKIE, type FaceContext } from "./login-state";
import { cspNonce, pageCsp, renderSignedOut } from "./sign-in-page";

export async function handleLogout(ctx: FaceContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let params = url.searchParams;
  if (req.method === "POST") {
    try {
      params = await readForm(req);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
    }
  }
  const tls = isTls(req);
  const name = cookieName(SESSION_COOKIE, tls);
  const key = parseCookies(req).get(name);
  if (key) ctx.state.sessions.delete(key);
  appendSetCookie(res, serializeCookie(name, "", { secure: tls, maxAgeSeconds: 0 }));

  const target = params.get("post_logout_redirect_uri");
  const app = appFrom(ctx, params);
  if (target && app && allowedAfterLogout(app, target)) {
    const back = new URL(target);
    const state = params.get("state");
    if (state !== null) back.searchParams.set("state", state);
    return sendRedirect(res, back.toString());
  }
  const nonce = cspNonce();
  sendHtml(res, 200, renderSignedOut(nonce), pageCsp(nonce, []));
}

/**
 * The app comes from client_id, or from the id_token_hint's audience. The hint is only used to pick
 * which app's registered origins the redirect must match, so an expired hint is still good enough.
 */
function appFrom(ctx: FaceContext, params: URLSearchParams): DirectoryApp | undefined {
  const clientId = params.get("client_id");
  if (clientId) return ctx.directory.app(clientId);
  const hint = params.get("id_token_hint");
  const payload = hint?.split(".")[1];
  if (!payload) return undefined;
  try {
    const aud = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { aud?: unknown }).aud;
    return typeof aud === "string" ? ctx.directory.app(aud) : undefined;
  } catch {
    return undefined;
  }
}

function allowedAfterLogout(app: DirectoryApp, target: string): boolean {
  let origin: string;
  try {
    origin = new URL(target).origin;
  } catch {
    return false;
  }
  return app.redirectUris.some((uri) => {
    try {
      return new URL(uri).origin === origin;
    } catch {
      return false;
    }
  });
}
