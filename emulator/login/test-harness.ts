// Runs the login face alone, the way the core mounts it: an HTTPS listener (authority, token
// endpoint, discovery) and a plain-HTTP browser listener (authorize, logout), both on 127.0.0.1
// port 0, with a throw-away CA in a temp dir. Tests drive it with the real msal-node.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfidentialClientApplication, CryptoProvider, type AuthorizationUrlRequest, type Configuration } from "@azure/msal-node";
import { loadOrCreateTls } from "@/emulator/tls";
import { createSigningKey, type SigningKey } from "@/emulator/tokens";
import { createLoginFace, type LoginFace } from "./index";
import { readForms, TestBrowser, type BrowserResponse } from "./test-browser";
import { FakeLoginDirectory, IDS, PORTAL_SCOPES, PORTAL_SECRET, REDIRECT_URI } from "./test-directory";
import { caTrustingNetworkClient, httpsRequest, type RecordedCall, type RawResponse } from "./test-https-client";

export interface LoginHarness {
  publicBase: string;
  browserBase: string;
  host: string; // host:port of the authority, for msal's knownAuthorities
  ca: string;
  caPath: string;
  directory: FakeLoginDirectory;
  signingKey: SigningKey;
  face: LoginFace;
  /** Shifts the face's clock (ms), to expire codes and refresh tokens. */
  advanceClock(ms: number): void;
  /** Requests that reached each listener. */
  log: Array<{ listener: "https" | "http"; method: string; path: string }>;
  msalApp(opts?: { tenantId?: string; clientId?: string; clientSecret?: string; calls?: RecordedCall[] }): ConfidentialClientApplication;
  /** POSTs a form to the token endpoint directly (for error-shape assertions). */
  tokenRequest(tenant: string, fields: Record<string, string>, headers?: Record<string, string>): Promise<RawResponse>;
  getJson(path: string): Promise<RawResponse>;
  close(): Promise<void>;
}

export async function startLoginHarness(): Promise<LoginHarness> {
  const certDir = mkdtempSync(join(tmpdir(), "login-face-tls-"));
  const tls = await loadOrCreateTls(certDir);
  const directory = new FakeLoginDirectory();
  const signingKey = createSigningKey();
  let offset = 0;
  // The face needs the listeners' ports, the listeners need the face: mount it once both exist.
  const mounted: { face?: LoginFace } = {};
  const log: LoginHarness["log"] = [];

  const handler = (listener: "https" | "http") => (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", listener === "https" ? "https://127.0.0.1" : "http://127.0.0.1");
    log.push({ listener, method: req.method ?? "GET", path: url.pathname });
    void (async () => {
      const handled = mounted.face ? await mounted.face.handle(req, res, url) : false;
      if (!handled) {
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "not_found" }));
      }
    })();
  };
  const httpsServer = createHttpsServer({ cert: tls.cert, key: tls.key }, handler("https"));
  const httpServer = createHttpServer(handler("http"));
  const httpsPort = await listen(httpsServer);
  const httpPort = await listen(httpServer);
  const publicBase = `https://127.0.0.1:${httpsPort}`;
  const browserBase = `http://127.0.0.1:${httpPort}`;
  const face = createLoginFace({ directory, signingKey, publicBaseUrl: publicBase, browserBaseUrl: browserBase, now: () => Date.now() + offset });
  mounted.face = face;

  return {
    publicBase,
    browserBase,
    host: `127.0.0.1:${httpsPort}`,
    ca: tls.ca,
    caPath: tls.caPath,
    directory,
    signingKey,
    face,
    log,
    advanceClock(ms) {
      offset += ms;
    },
    msalApp(opts = {}) {
      const config: Configuration = {
        auth: {
          clientId: opts.clientId ?? IDS.portalApp,
          clientSecret: opts.clientSecret ?? PORTAL_SECRET,
          authority: `${publicBase}/${opts.tenantId ?? IDS.partner}`,
          knownAuthorities: [`127.0.0.1:${httpsPort}`],
        },
        system: { networkClient: caTrustingNetworkClient(tls.ca, opts.calls) },
      };
      return new ConfidentialClientApplication(config);
    },
    tokenRequest(tenant, fields, headers = {}) {
      return httpsRequest(`${publicBase}/${tenant}/oauth2/v2.0/token`, tls.ca, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    },
    getJson(path) {
      return httpsRequest(`${publicBase}${path}`, tls.ca);
    },
    async close() {
      await Promise.all([close(httpsServer), close(httpServer)]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

// ---- the portal's sign-in, as a person would do it -------------------------------------------------

export interface StartedSignIn {
  url: string;
  state: string;
  nonce: string | undefined;
  verifier: string;
  page: BrowserResponse;
  browser: TestBrowser;
}

/** getAuthCodeUrl with PKCE (S256), then load the sign-in page it points at. */
export async function startSignIn(
  app: ConfidentialClientApplication,
  opts: { nonce?: boolean; browser?: TestBrowser; extra?: Partial<AuthorizationUrlRequest> } = {},
): Promise<StartedSignIn> {
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const nonce = opts.nonce === false ? undefined : crypto.createNewGuid();
  const url = await app.getAuthCodeUrl({
    scopes: PORTAL_SCOPES,
    redirectUri: REDIRECT_URI,
    state,
    ...(nonce ? { nonce } : {}),
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    ...opts.extra,
  });
  const browser = opts.browser ?? new TestBrowser();
  const page = await browser.get(url);
  return { url, state, nonce, verifier, page, browser };
}

/** Clicks the listed account whose UPN is shown on its tile. */
export async function pickAccount(s: StartedSignIn, upn: string, page: BrowserResponse = s.page): Promise<BrowserResponse> {
  const form = readForms(page.text).find((f) => f.buttons.some((b) => b.name === "account"));
  const button = form?.buttons.find((b) => b.text.includes(upn));
  if (!form || !button?.value) throw new Error(`no account tile for ${upn} on the page`);
  return s.browser.submit(page.url, form, [["account", button.value]]);
}

/** Types a UPN and password in the "another account" form. */
export async function typeCredentials(s: StartedSignIn, upn: string, password: string, page: BrowserResponse = s.page): Promise<BrowserResponse> {
  const form = readForms(page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "credentials"));
  if (!form) throw new Error("no credentials form on the page");
  return s.browser.submit(page.url, form, [
    ["upn", upn],
    ["password", password],
  ]);
}

/** The query of the redirect back to the app. */
export function redirectParams(res: BrowserResponse): URLSearchParams {
  if (res.status !== 302 || !res.location) throw new Error(`expected a redirect, got ${res.status}: ${res.text.slice(0, 300)}`);
  const location = new URL(res.location);
  if (`${location.origin}${location.pathname}` !== REDIRECT_URI) throw new Error(`redirected to ${res.location}`);
  return location.searchParams;
}

export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Full interactive sign-in at the partner authority; returns msal's result (with the account). */
export async function signInAs(app: ConfidentialClientApplication, upn: string) {
  const s = await startSignIn(app);
  const params = redirectParams(await pickAccount(s, upn));
  return app.acquireTokenByCode(
    { code: params.get("code") ?? "", scopes: PORTAL_SCOPES, redirectUri: REDIRECT_URI, codeVerifier: s.verifier, nonce: s.nonce, state: s.state },
    { code: params.get("code") ?? "", state: params.get("state") ?? undefined, client_info: params.get("client_info") ?? undefined },
  );
}
