// Sending the outcome of an authorize request back to the app's (already validated) redirect URI,
// in the requested response_mode: query (302), fragment (302) or form_post (auto-submitted page).
import type { ServerResponse } from "node:http";
import type { ClientTarget } from "./authorize-request";
import { describe, type EntraError, type RequestIds } from "./entra-errors";
import { sendHtml, sendRedirect } from "./http-util";
import { cspNonce, pageCsp, renderFormPost } from "./sign-in-page";

export function respondToClient(res: ServerResponse, target: ClientTarget, fields: Array<[string, string]>): void {
  const all: Array<[string, string]> = target.state !== undefined ? [...fields, ["state", target.state]] : fields;
  if (target.responseMode === "form_post") {
    const nonce = cspNonce();
    sendHtml(res, 200, renderFormPost(nonce, target.redirectUri, all), pageCsp(nonce, [new URL(target.redirectUri).origin], true));
    return;
  }
  const url = new URL(target.redirectUri);
  if (target.responseMode === "fragment") {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [k, v] of all) url.searchParams.append(k, v);
  }
  sendRedirect(res, url.toString());
}

/** Entra's error redirect: `error`, `error_description` (which carries the trace and correlation ids), `state`. */
export function respondErrorToClient(
  res: ServerResponse,
  target: ClientTarget,
  error: EntraError,
  ids: RequestIds,
  nowMs: number,
  extra: Array<[string, string]> = [],
): void {
  respondToClient(res, target, [["error", error.error], ...extra, ["error_description", describe(error, ids, nowMs)]]);
}
