// Validation of an authorize request, in Entra's order: what makes the redirect URI untrustworthy
// is shown on a page (never redirected to); everything after goes back to the app's redirect URI.
import type { DirectoryApp, LoginDirectory } from "@/emulator/contract";
import { AADSTS, type EntraError } from "./entra-errors";
import type { Authority } from "./routes";
import { parseScopes, type ParsedScopes } from "./scopes";

export type ResponseMode = "query" | "fragment" | "form_post";

export interface ClientTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

export interface AuthorizeRequest extends ClientTarget {
  authority: Exclude<Authority, { kind: "unknown" }>;
  app: DirectoryApp;
  scopes: ParsedScopes;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod: "S256" | "plain";
  prompt?: string;
  /** OIDC `max_age` in seconds: a remembered sign-in older than this must authenticate again. */
  maxAgeSeconds?: number;
  loginHint?: string;
  wantClientInfo: boolean;
}

export type AuthorizeValidation =
  | { kind: "ok"; request: AuthorizeRequest }
  | { kind: "page"; error: EntraError; appName?: string }
  | { kind: "redirect"; target: ClientTarget; error: EntraError };

/**
 * Entra's v2 authorize documentation does not list `max_age`, but Entra honours it as OIDC Core
 * 3.1.2.1 defines it ("if the elapsed time is greater than this value, the OP MUST attempt to
 * actively re-authenticate the End-User"): observed in MicrosoftDocs/azure-docs#51307 and
 * microsoft-authentication-library-for-python#444 ("if we set to 120 secs it will only prompt the
 * re-auth if the user have not authenticated in the past 120 secs"). A value that is not a
 * non-negative integer is ignored here.
 */
function maxAge(value: string | null): number | undefined {
  return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

const nonEmpty = (v: string | null): string | undefined => (v === null || v === "" ? undefined : v);

export function validateAuthorize(params: URLSearchParams, authority: Authority, directory: LoginDirectory): AuthorizeValidation {
  if (authority.kind === "unknown") return { kind: "page", error: AADSTS.tenantNotFound(authority.segment) };
  const clientId = nonEmpty(params.get("client_id"));
  if (!clientId) return { kind: "page", error: AADSTS.missingParameter("client_id") };
  const app = directory.app(clientId);
  const tenantLabel = authority.kind === "tenant" ? authority.tenant.id : authority.segment;
  if (!app) return { kind: "page", error: AADSTS.appNotFound(clientId, tenantLabel) };
  const redirectUri = nonEmpty(params.get("redirect_uri"));
  if (!redirectUri) return { kind: "page", error: AADSTS.noReplyAddress(), appName: app.displayName };
  // Exact string match, as Entra compares registered reply URLs (no normalisation, no prefixes).
  if (!app.redirectUris.includes(redirectUri)) {
    return { kind: "page", error: AADSTS.replyAddressNotRegistered(redirectUri, clientId), appName: app.displayName };
  }

  const state = params.get("state") ?? undefined;
  const modeParam = nonEmpty(params.get("response_mode"));
  const validMode = modeParam === undefined || modeParam === "query" || modeParam === "fragment" || modeParam === "form_post";
  const target: ClientTarget = { redirectUri, responseMode: validMode && modeParam ? (modeParam as ResponseMode) : "query", state };
  const refuse = (error: EntraError): AuthorizeValidation => ({ kind: "redirect", target, error });
  if (!validMode) return refuse(AADSTS.unsupportedResponseMode(modeParam ?? ""));

  const responseType = nonEmpty(params.get("response_type"));
  if (!responseType) return refuse(AADSTS.missingParameter("response_type"));
  const types = responseType.split(/\s+/);
  if (!types.includes("code")) return refuse(AADSTS.unsupportedResponseType(responseType));
  const extra = types.find((t) => t !== "code");
  if (extra) return refuse(AADSTS.unsupportedResponseType(extra));

  const scopeRaw = nonEmpty(params.get("scope"));
  if (!scopeRaw) return refuse(AADSTS.missingParameter("scope"));
  const tenantName = authority.kind === "tenant" ? authority.tenant.displayName : authority.segment;
  const parsed = parseScopes(scopeRaw, tenantName);
  if (!parsed.ok) return refuse(parsed.error);

  const codeChallenge = nonEmpty(params.get("code_challenge"));
  const methodParam = nonEmpty(params.get("code_challenge_method")) ?? "plain";
  if (codeChallenge !== undefined) {
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge)) return refuse(AADSTS.badCodeChallenge());
    if (methodParam !== "S256" && methodParam !== "plain") return refuse(AADSTS.badCodeChallengeMethod(methodParam));
  }

  return {
    kind: "ok",
    request: {
      ...target,
      authority,
      app,
      scopes: parsed.scopes,
      nonce: nonEmpty(params.get("nonce")),
      codeChallenge,
      codeChallengeMethod: methodParam === "S256" ? "S256" : "plain",
      prompt: nonEmpty(params.get("prompt")),
      maxAgeSeconds: maxAge(params.get("max_age")),
      loginHint: nonEmpty(params.get("login_hint"))?.toLowerCase(),
      wantClientInfo: params.get("client_info") === "1",
    },
  };
}
