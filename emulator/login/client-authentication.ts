// Confidential-client authentication at the token endpoint: client_secret in the body
// (client_secret_post, what msal-node sends) or HTTP Basic (client_secret_basic).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { DirectoryApp, LoginDirectory } from "@/emulator/contract";
import { AADSTS, type EntraError } from "./entra-errors";
import { parseBasicAuth } from "./http-util";

export function authenticateClient(
  req: IncomingMessage,
  form: URLSearchParams,
  directory: LoginDirectory,
  tenantLabel: string,
): { ok: true; app: DirectoryApp } | { ok: false; error: EntraError } {
  const basic = parseBasicAuth(req);
  const bodyClientId = form.get("client_id");
  if (basic && bodyClientId && basic.clientId !== bodyClientId) return { ok: false, error: AADSTS.clientIdMismatch() };
  const clientId = basic?.clientId ?? bodyClientId;
  if (!clientId) return { ok: false, error: AADSTS.missingParameter("client_id") };
  const app = directory.app(clientId);
  if (!app) return { ok: false, error: AADSTS.appNotFound(clientId, tenantLabel) };
  if (form.has("client_assertion")) return { ok: false, error: AADSTS.assertionUnsupported() };
  const secret = basic?.secret ?? form.get("client_secret");
  if (!secret) return { ok: false, error: AADSTS.missingSecret() };
  if (!app.secrets.some((s) => sameSecret(s, secret))) return { ok: false, error: AADSTS.badSecret(app.clientId) };
  return { ok: true, app };
}

/** Compare digests so the comparison time does not depend on where the strings differ. */
function sameSecret(expected: string, given: string): boolean {
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}
