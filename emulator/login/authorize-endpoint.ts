// GET/POST /{tenant}/oauth2/v2.0/authorize: the demo sign-in page. GET validates the request and
// shows the account picker (or signs in silently from the browser session); POST takes the
// person's choice, checks the single-use form token against the browser's CSRF cookie and the
// exact parameters it was rendered for, admits the user, and sends a code to the redirect URI.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DirectoryTenant, DirectoryUser } from "@/emulator/contract";
import { validateAuthorize, type AuthorizeRequest } from "./authorize-request";
import { respondErrorToClient, respondToClient } from "./client-response";
import { admitDelegated } from "./delegated-admission";
import { AADSTS, requestIds, type EntraError, type RequestIds } from "./entra-errors";
import { opaqueToken } from "./expiring-store";
import { appendSetCookie, BodyTooLargeError, cookieName, isTls, parseCookies, readForm, remoteAddress, sendHtml, serializeCookie } from "./http-util";
import { CODE_TTL_MS, CSRF_COOKIE, FORM_TTL_MS, SESSION_COOKIE, SESSION_TTL_MS, type BrowserSession, type FaceContext } from "./login-state";
import type { Authority } from "./routes";
import { cspNonce, pageCsp, renderErrorPage, renderSignInPage, renderStaleForm, type AccountTile } from "./sign-in-page";
import { clientInfo } from "./token-claims";

/** Big customer tenants would make an endless page; the rest can still type their UPN. */
const MAX_LISTED_ACCOUNTS = 50;
const PARAM_PREFIX = "q.";

interface Exchange {
  ctx: FaceContext;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  authority: Authority;
  ids: RequestIds;
  tls: boolean;
}

export async function handleAuthorize(ctx: FaceContext, req: IncomingMessage, res: ServerResponse, url: URL, authority: Authority): Promise<void> {
  const ids = requestIds(req.headers["client-request-id"] ?? url.searchParams.get("client-request-id") ?? undefined);
  const x: Exchange = { ctx, req, res, path: url.pathname, authority, ids, tls: isTls(req) };
  if (req.method === "POST") return handleChoice(x);
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, POST" }).end();
    return;
  }
  const params = url.searchParams;
  const v = validateAuthorize(params, authority, ctx.directory);
  if (v.kind === "page") return errorPage(x, "We couldn't sign you in", v.error, v.appName);
  if (v.kind === "redirect") return respondErrorToClient(res, v.target, v.error, ids, ctx.now());
  const request = v.request;

  // A remembered sign-in older than `max_age` does not count: the person must authenticate again.
  const remembered = currentSession(x);
  const session = remembered && !tooOld(ctx, request, remembered.value) ? remembered : undefined;
  if (request.prompt === "none") {
    if (!session) return respondErrorToClient(res, request, AADSTS.loginRequired(), ids, ctx.now());
    const user = ctx.directory.user(session.value.userId);
    const failure = user ? completeSignIn(x, request, user, session.value) : AADSTS.loginRequired();
    // Without a page to show, any refusal goes back to the app as interaction_required.
    if (failure)
      respondErrorToClient(res, request, { ...failure, error: failure.error === "login_required" ? failure.error : "interaction_required" }, ids, ctx.now());
    return;
  }
  const forceChoice = request.prompt === "login" || request.prompt === "select_account";
  if (session && !forceChoice) {
    const user = ctx.directory.user(session.value.userId);
    if (user && (!request.loginHint || request.loginHint === user.userPrincipalName.toLowerCase())) {
      const failure = completeSignIn(x, request, user, session.value);
      if (!failure) return;
      return showPicker(x, params, request, { error: failure });
    }
  }
  showPicker(x, params, request, {});
}

async function handleChoice(x: Exchange): Promise<void> {
  const { ctx, req, res } = x;
  let form: URLSearchParams;
  try {
    form = await readForm(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return stalePage(x);
    throw err;
  }
  const params = new URLSearchParams();
  for (const [k, v] of form) if (k.startsWith(PARAM_PREFIX)) params.append(k.slice(PARAM_PREFIX.length), v);

  // Single use: the token is spent whatever happens next; a failed attempt gets a fresh page.
  const token = form.get("form_token") ?? "";
  const pending = ctx.state.forms.get(token);
  ctx.state.forms.delete(token);
  const csrf = parseCookies(req).get(cookieName(CSRF_COOKIE, x.tls)) ?? "";
  if (
    typeof pending !== "object" ||
    !sameString(pending.value.csrf, csrf) ||
    pending.value.paramsDigest !== digest(params) ||
    pending.value.tenantSegment !== x.authority.segment
  ) {
    return stalePage(x, params);
  }

  const v = validateAuthorize(params, x.authority, ctx.directory);
  if (v.kind === "page") return errorPage(x, "We couldn't sign you in", v.error, v.appName);
  if (v.kind === "redirect") return respondErrorToClient(res, v.target, v.error, x.ids, ctx.now());
  const request = v.request;

  const action = form.get("action");
  if (action === "cancel") {
    return respondErrorToClient(res, request, AADSTS.userDeclined(), x.ids, ctx.now(), [["error_subcode", "cancel"]]);
  }
  let user: DirectoryUser | undefined;
  const typedUpn = (form.get("upn") ?? "").trim();
  if (action === "pick") {
    // Choosing a listed account is the demo's shortcut for typing the password the page shows.
    const picked = ctx.directory.user(form.get("account") ?? "");
    user = picked && x.authority.kind === "tenant" && picked.tenantId === x.authority.tenant.id ? picked : undefined;
    if (!user) return showPicker(x, params, request, { error: AADSTS.userNotFound("(unknown account)", tenantName(x.authority)) });
  } else if (action === "credentials") {
    if (!typedUpn) return showPicker(x, params, request, { error: AADSTS.missingParameter("upn") });
    user = findByUpn(ctx, x.authority, typedUpn);
    if (!user) return showPicker(x, params, request, { error: AADSTS.userNotFound(typedUpn, tenantName(x.authority)), typedUpn });
    if (!sameString(user.password, form.get("password") ?? "")) return showPicker(x, params, request, { error: AADSTS.badPassword(), typedUpn });
  } else {
    return stalePage(x, params);
  }
  if (!user.accountEnabled) return showPicker(x, params, request, { error: AADSTS.userDisabled(), typedUpn });

  // Choosing the account this browser is already signed in as is single sign-on, as in Entra's
  // account picker: the remembered sign-in (and its auth_time) is kept, unless the app asked for a
  // new one (prompt=login, or a max_age the remembered sign-in exceeds). Typing the password, or
  // another account, is a new authentication with a new auth_time.
  const remembered = currentSession(x)?.value;
  const sso = action === "pick" && remembered?.userId === user.id && request.prompt !== "login" && !tooOld(ctx, request, remembered);
  const session: BrowserSession =
    sso && remembered ? remembered : { userId: user.id, amr: user.mfaRegistered ? ["pwd", "mfa"] : ["pwd"], authTimeMs: ctx.now(), sid: randomUUID() };
  const failure = completeSignIn(x, request, user, session);
  if (failure) {
    const retry = new URLSearchParams(params);
    retry.set("prompt", "select_account");
    return errorPage(
      x,
      failure.code === 53003 ? "You cannot access this right now" : "We couldn't sign you in",
      failure,
      request.app.displayName,
      `${x.path}?${retry}`,
    );
  }
}

/** Admits the user at this authority and sends the code to the app; returns the refusal otherwise. */
function completeSignIn(x: Exchange, request: AuthorizeRequest, user: DirectoryUser, session: BrowserSession): EntraError | undefined {
  const { ctx, res } = x;
  const tenant: DirectoryTenant | undefined = request.authority.kind === "tenant" ? request.authority.tenant : ctx.directory.tenant(user.tenantId);
  if (!tenant) return AADSTS.userNotFound(user.userPrincipalName, tenantName(request.authority));
  const ipAddress = remoteAddress(x.req);
  const admitted = admitDelegated({
    directory: ctx.directory,
    tenant,
    user,
    app: request.app,
    scopes: request.scopes,
    clientAppType: "browser",
    amr: session.amr,
    ipAddress,
  });
  if (!admitted.ok) return admitted.error;

  const code = opaqueToken("emu-code");
  ctx.state.codes.put(
    code,
    {
      clientId: request.app.clientId,
      redirectUri: request.redirectUri,
      authority: request.authority.kind === "tenant" ? { kind: "tenant", tenantId: request.authority.tenant.id } : { kind: "multi" },
      tenantId: tenant.id,
      userId: user.id,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      amr: session.amr,
      authTimeMs: session.authTimeMs,
      sessionId: session.sid,
      ipAddress,
      redeemed: false,
    },
    CODE_TTL_MS,
  );
  startSession(x, session);
  const fields: Array<[string, string]> = [["code", code]];
  if (request.wantClientInfo) fields.push(["client_info", clientInfo(user)]);
  fields.push(["session_state", session.sid]);
  respondToClient(res, request, fields);
  return undefined;
}

function startSession(x: Exchange, session: BrowserSession): void {
  const name = cookieName(SESSION_COOKIE, x.tls);
  const previous = parseCookies(x.req).get(name);
  if (previous) {
    const existing = x.ctx.state.sessions.get(previous);
    if (typeof existing === "object" && existing.value.sid === session.sid) return; // silent sign-in: keep it
    x.ctx.state.sessions.delete(previous);
  }
  const key = opaqueToken("emu-session");
  x.ctx.state.sessions.put(key, session, SESSION_TTL_MS);
  appendSetCookie(x.res, serializeCookie(name, key, { secure: x.tls }));
}

/** OIDC max_age: the remembered authentication is older than the app accepts. */
function tooOld(ctx: FaceContext, request: AuthorizeRequest, session: BrowserSession): boolean {
  return request.maxAgeSeconds !== undefined && ctx.now() - session.authTimeMs > request.maxAgeSeconds * 1000;
}

function currentSession(x: Exchange): { value: BrowserSession } | undefined {
  const key = parseCookies(x.req).get(cookieName(SESSION_COOKIE, x.tls));
  const found = key ? x.ctx.state.sessions.get(key) : undefined;
  return typeof found === "object" ? found : undefined;
}

function showPicker(x: Exchange, params: URLSearchParams, request: AuthorizeRequest, extra: { error?: EntraError; typedUpn?: string }): void {
  const { ctx, res } = x;
  const cookies = parseCookies(x.req);
  const csrfName = cookieName(CSRF_COOKIE, x.tls);
  const existing = cookies.get(csrfName);
  const csrf = existing && /^emu-csrf\.[A-Za-z0-9_-]{43}$/.test(existing) ? existing : opaqueToken("emu-csrf");
  if (csrf !== existing) appendSetCookie(res, serializeCookie(csrfName, csrf, { secure: x.tls }));
  const formToken = opaqueToken("emu-form");
  ctx.state.forms.put(formToken, { csrf, paramsDigest: digest(params), tenantSegment: x.authority.segment }, FORM_TTL_MS);

  const members = request.authority.kind === "tenant" ? ctx.directory.users(request.authority.tenant.id) : [];
  const hint = request.loginHint;
  const accounts: AccountTile[] = members
    .map((u) => ({
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      password: u.password,
      note: u.note,
      mfaRegistered: u.mfaRegistered,
      accountEnabled: u.accountEnabled,
      hinted: hint !== undefined && u.userPrincipalName.toLowerCase() === hint,
    }))
    .sort((a, b) => Number(b.hinted) - Number(a.hinted))
    .slice(0, MAX_LISTED_ACCOUNTS);
  const tenant = request.authority.kind === "tenant" ? request.authority.tenant : undefined;
  const nonce = cspNonce();
  const page = renderSignInPage({
    nonce,
    appName: request.app.displayName,
    tenantLabel: tenant ? `${tenant.displayName} (${tenant.defaultDomain})` : undefined,
    accounts,
    hidden: [...params].map(([k, v]) => [`${PARAM_PREFIX}${k}`, v] as const),
    formToken,
    error: extra.error ? { code: extra.error.code, message: extra.error.message } : undefined,
    typedUpn: extra.typedUpn ?? (accounts.some((a) => a.hinted) ? undefined : hint),
  });
  // The form posts here and is then redirected to the app: CSP form-action must allow both.
  sendHtml(res, 200, page, pageCsp(nonce, [new URL(request.redirectUri).origin]));
}

function errorPage(x: Exchange, title: string, error: EntraError, appName?: string, retryHref?: string): void {
  const nonce = cspNonce();
  sendHtml(x.res, 400, renderErrorPage({ nonce, title, error, ids: x.ids, nowMs: x.ctx.now(), appName, retryHref }), pageCsp(nonce, []));
}

function stalePage(x: Exchange, params?: URLSearchParams): void {
  const nonce = cspNonce();
  const restart = params && params.has("client_id") ? `${x.path}?${params}` : undefined;
  sendHtml(x.res, 400, renderStaleForm(nonce, restart), pageCsp(nonce, []));
}

/** The authority's own members first; otherwise the tenant that owns the UPN's domain. */
function findByUpn(ctx: FaceContext, authority: Authority, upn: string): DirectoryUser | undefined {
  const wanted = upn.toLowerCase();
  const match = (users: DirectoryUser[]) => users.find((u) => u.userPrincipalName.toLowerCase() === wanted);
  if (authority.kind === "tenant") {
    const member = match(ctx.directory.users(authority.tenant.id));
    if (member) return member;
  }
  const domain = wanted.split("@")[1];
  const home = domain ? ctx.directory.tenant(domain) : undefined;
  return home ? match(ctx.directory.users(home.id)) : undefined;
}

function tenantName(authority: Authority): string {
  return authority.kind === "tenant" ? authority.tenant.displayName : authority.segment;
}

function digest(params: URLSearchParams): string {
  const entries = [...params].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(entries)).digest("base64url");
}

function sameString(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length > 0;
}
