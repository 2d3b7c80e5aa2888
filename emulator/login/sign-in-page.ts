// The HTML pages a person sees: the account picker, error pages, the form_post hand-off and the
// signed-out page. Plain HTML + CSS; the only script is the form_post auto-submit (with a
// <noscript> button), allowed by a per-response CSP nonce.
import { randomBytes } from "node:crypto";
import { entraTimestamp, type EntraError, type RequestIds } from "./entra-errors";
import { html, raw, type Html } from "./html";
import { PAGE_CSS } from "./page-style";

export const BANNER_TEXT = "Local Microsoft cloud — demo sign-in";

export function cspNonce(): string {
  return randomBytes(16).toString("base64");
}

/** `formTargets` are the origins a form on the page may submit or be redirected to (the app's). */
export function pageCsp(nonce: string, formTargets: readonly string[], withScript = false): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    withScript ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
    `form-action 'self'${formTargets.map((t) => ` ${t}`).join("")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

function shell(title: string, nonce: string, body: Html, script?: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${BANNER_TEXT}</title>
<style nonce="${nonce}">${raw(PAGE_CSS)}</style>
</head>
<body>
<div class="banner" role="note"><strong>${BANNER_TEXT}</strong>. Passwords are shown on purpose: nothing here is real, and nothing leaves this machine.</div>
${body}
<footer><p>This page is served by the local emulator on the loopback interface, over plain HTTP for the browser pages so that no certificate warning appears. Tokens are only issued over HTTPS.</p></footer>
${script ?? ""}
</body>
</html>
`.value;
}

const brand = html`<p class="brand"><span class="brand-mark" aria-hidden="true"><span></span><span></span><span></span><span></span></span>Local Microsoft cloud</p>`;

export interface AccountTile {
  id: string;
  displayName: string;
  userPrincipalName: string;
  password: string;
  note?: string;
  mfaRegistered: boolean;
  accountEnabled: boolean;
  hinted: boolean;
}

export interface SignInPageModel {
  nonce: string;
  appName: string;
  /** e.g. "Contoso MSP (contosomsp.onmicrosoft.com)", or undefined for common/organizations. */
  tenantLabel?: string;
  accounts: AccountTile[];
  hidden: ReadonlyArray<readonly [string, string]>;
  formToken: string;
  error?: { code: number; message: string };
  typedUpn?: string;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "")).toUpperCase();
}

function hiddenFields(model: SignInPageModel, action: string): Html {
  return html`${model.hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<input type="hidden" name="form_token" value="${model.formToken}"><input type="hidden" name="action" value="${action}">`;
}

function accountTile(a: AccountTile, autofocus: boolean): Html {
  const tags = [
    a.note ? html`<span class="tag">${a.note}</span>` : "",
    a.mfaRegistered ? html`<span class="tag ok">MFA completed at sign-in</span>` : html`<span class="tag warn">Password only (no MFA method)</span>`,
    a.accountEnabled ? "" : html`<span class="tag warn">Account disabled</span>`,
  ];
  return html`<li><button type="submit" class="account${a.hinted ? " hinted" : ""}" name="account" value="${a.id}"${autofocus ? raw(" autofocus") : ""}>
<span class="avatar" aria-hidden="true">${initials(a.displayName)}</span>
<span class="name">Sign in as ${a.displayName}</span>
<span class="upn">${a.userPrincipalName}</span>
<span class="secret">Password: <code>${a.password}</code></span>
<span class="tags">${tags}</span>
</button></li>`;
}

export function renderSignInPage(m: SignInPageModel): string {
  const ordered = [...m.accounts].sort((a, b) => Number(b.hinted) - Number(a.hinted));
  const focusAccount = !m.error && ordered.length > 0;
  const body = html`<main aria-labelledby="title">
${brand}
<h1 id="title">${ordered.length > 0 ? "Pick an account" : "Sign in"}</h1>
<p class="subtitle">to continue to <strong>${m.appName}</strong>${m.tenantLabel ? html` in <strong>${m.tenantLabel}</strong>` : html` (any organization in the local cloud)`}</p>
${m.error ? html`<div class="alert" role="alert" id="signin-error"><p><span class="code">AADSTS${m.error.code}:</span> ${m.error.message}</p></div>` : ""}
${
  ordered.length > 0
    ? html`<form method="post" aria-label="Seeded accounts">${hiddenFields(m, "pick")}
<ul class="accounts">${ordered.map((a, i) => accountTile(a, focusAccount && i === 0))}</ul>
</form>
<p class="divider">or use another account</p>`
    : ""
}
<form method="post" aria-label="Sign in with a user name and password">${hiddenFields(m, "credentials")}
<label for="upn">Email or user principal name</label>
<input id="upn" name="upn" type="email" autocomplete="username" spellcheck="false" value="${m.typedUpn ?? ""}"${m.error ? raw(' aria-describedby="signin-error"') : ""}${!focusAccount ? raw(" autofocus") : ""}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<div class="actions"><button type="submit" class="primary">Sign in</button></div>
</form>
<form method="post" aria-label="Cancel sign-in">${hiddenFields(m, "cancel")}
<div class="actions"><button type="submit" class="secondary">Cancel and return to the app</button></div>
</form>
</main>`;
  return shell(ordered.length > 0 ? "Pick an account" : "Sign in", m.nonce, body);
}

export interface ErrorPageModel {
  nonce: string;
  title: string;
  error: EntraError;
  ids: RequestIds;
  nowMs: number;
  appName?: string;
  retryHref?: string;
}

export function renderErrorPage(m: ErrorPageModel): string {
  const body = html`<main aria-labelledby="title">
${brand}
<h1 id="title">${m.title}</h1>
<div class="alert" role="alert"><p><span class="code">AADSTS${m.error.code}:</span> ${m.error.message}</p></div>
<dl class="details">
${m.appName ? html`<dt>Application</dt><dd>${m.appName}</dd>` : ""}
<dt>Error</dt><dd>${m.error.error}</dd>
<dt>Request Id</dt><dd>${m.ids.traceId}</dd>
<dt>Correlation Id</dt><dd>${m.ids.correlationId}</dd>
<dt>Timestamp</dt><dd>${entraTimestamp(m.nowMs)}</dd>
</dl>
${m.retryHref ? html`<div class="actions"><a class="button" href="${m.retryHref}">Try another account</a></div>` : ""}
</main>`;
  return shell(m.title, m.nonce, body);
}

/** response_mode=form_post: the browser POSTs the result to the app (auto-submitted when scripts run). */
export function renderFormPost(nonce: string, action: string, fields: ReadonlyArray<readonly [string, string]>): string {
  const body = html`<main aria-labelledby="title">
${brand}
<h1 id="title">Returning to the application</h1>
<form method="post" action="${action}" id="hand-off">
${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<p class="subtitle">If nothing happens, continue manually.</p>
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
</main>`;
  const script = html`<script nonce="${nonce}">document.getElementById("hand-off").submit();</script>`;
  return shell("Returning to the application", nonce, body, script);
}

export function renderSignedOut(nonce: string): string {
  const body = html`<main aria-labelledby="title">
${brand}
<h1 id="title">You signed out of your account</h1>
<p class="subtitle">Your session with the local Microsoft cloud has ended. It's a good idea to close all browser windows.</p>
</main>`;
  return shell("Signed out", nonce, body);
}

/** The page shown when a sign-in form is stale, reused or posted without its cookie. */
export function renderStaleForm(nonce: string, restartHref?: string): string {
  const body = html`<main aria-labelledby="title">
${brand}
<h1 id="title">This sign-in page has expired</h1>
<div class="alert" role="alert"><p>The form was already used, is too old, or was sent from another browser. For your safety, start the sign-in again.</p></div>
${restartHref ? html`<div class="actions"><a class="button" href="${restartHref}">Start again</a></div>` : ""}
</main>`;
  return shell("Sign-in expired", nonce, body);
}
