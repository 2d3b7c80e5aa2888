// Starts the local Microsoft cloud in-process: HTTPS on 127.0.0.1 for everything (login face,
// Graph, control plane) and plain HTTP on a second loopback port for the browser-facing sign-in
// pages only, so a person's browser reaches them without a certificate warning (msal-node only
// requires https for the authority and token endpoint, not for authorize/logout).
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createControlPlane } from "./control/control-plane";
import { Faults } from "./faults";
import { Fleet } from "./fleet/fleet";
import { portalRedirectUris } from "./fleet/partner";
import { createGraphFace } from "./graph/face";
import { Throttler } from "./graph/throttle";
import { RequestLog } from "./http/request-log";
import { sendJson } from "./http/response";
import { createLoginFace } from "./login/index";
import { loadOrCreateTls } from "./tls";
import { createSigningKey, type SigningKey } from "./tokens";

export interface EmulatorOptions {
  port?: number; // 0 = ephemeral; default 4443
  browserPort?: number; // 0 = ephemeral; default port + 1 (or ephemeral when port is 0)
  tenants?: number;
  /** Every customer tenant gets this many drawn policies (default: by scenario). */
  policiesPerTenant?: number;
  seed?: number;
  timeScale?: number;
  certDir?: string;
  portalOrigins?: string[]; // extra portal origins: their sign-in and connect callbacks become redirect URIs
  requestLogCapacity?: number;
  caBurst?: number; // CA token-bucket capacity (default 1)
}

export interface RunningEmulator {
  url: string; // https://127.0.0.1:<port>
  browserUrl: string; // http://127.0.0.1:<browserPort>
  caPath: string;
  ca: string; // PEM of the CA to trust
  fleet: Fleet;
  signingKey: SigningKey;
  log: RequestLog;
  faults: Faults;
  close(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";

/** The only paths the plain-HTTP browser listener serves: the sign-in and sign-out pages. */
export function isBrowserLoginPath(pathname: string): boolean {
  return /^\/[^/]+\/oauth2\/v2\.0\/(authorize|logout)$/i.test(pathname);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function notFound(res: ServerResponse, message: string) {
  sendJson(res, 404, { error: { code: "NotFound", message } }, { "Content-Type": "application/json" });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const port = options.port ?? 4443;
  const timeScale = options.timeScale ?? 1;
  const seed = options.seed ?? 1;
  const tls = await loadOrCreateTls(options.certDir ?? ".data/emulator-certs");
  const fleet = new Fleet({
    tenants: options.tenants ?? 40,
    policiesPerTenant: options.policiesPerTenant,
    seed,
    extraRedirectUris: (options.portalOrigins ?? []).flatMap(portalRedirectUris),
  });
  const signingKey = createSigningKey();
  const log = new RequestLog(options.requestLogCapacity ?? 50_000);
  const faults = new Faults(seed, timeScale);
  const throttler = new Throttler({ timeScale, caBurst: options.caBurst });

  // Handlers are wired after both ports are known: the faces advertise absolute URLs.
  let handleHttps: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => notFound(res, "starting");
  let handleBrowser: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => notFound(res, "starting");
  const guard = (h: () => typeof handleHttps) => (req: IncomingMessage, res: ServerResponse) => {
    h()(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: "InternalServerError", message: `Emulator error: ${(e as Error).message}` } });
      else res.destroy();
    });
  };
  const https = createHttpsServer(
    { key: tls.key, cert: tls.cert, keepAlive: true },
    guard(() => handleHttps),
  );
  https.keepAliveTimeout = 30_000;
  const browser = createHttpServer(
    { keepAlive: true },
    guard(() => handleBrowser),
  );

  const httpsPort = await listen(https, port);
  let browserPort: number;
  try {
    browserPort = await listen(browser, options.browserPort ?? (port === 0 ? 0 : port + 1));
  } catch (e) {
    await closeServer(https);
    throw e;
  }
  const url = `https://${LOOPBACK}:${httpsPort}`;
  const browserUrl = `http://${LOOPBACK}:${browserPort}`;

  const login = createLoginFace({ directory: fleet, signingKey, publicBaseUrl: url, browserBaseUrl: browserUrl });
  const graph = createGraphFace({ fleet, signingKey, publicBaseUrl: url, log, faults, throttler });
  const control = createControlPlane({ fleet, faults, throttler, log, onReset: () => login.reset(), ageSignIns: (ms) => login.ageSignIns(ms) });

  handleHttps = async (req, res) => {
    const u = new URL(req.url ?? "/", url);
    if (await control.handle(req, res, u)) return;
    if (await login.handle(req, res, u)) return;
    if (await graph.handle(req, res, u)) return;
    notFound(res, `No route for ${u.pathname}`);
  };
  handleBrowser = async (req, res) => {
    const u = new URL(req.url ?? "/", browserUrl);
    if (isBrowserLoginPath(u.pathname) && (await login.handle(req, res, u))) return;
    notFound(res, `Only the sign-in pages (/{tenant}/oauth2/v2.0/authorize and /logout) are served on ${browserUrl}; everything else is on ${url}.`);
  };

  return {
    url,
    browserUrl,
    caPath: tls.caPath,
    ca: tls.ca,
    fleet,
    signingKey,
    log,
    faults,
    async close() {
      await Promise.all([closeServer(https), closeServer(browser)]);
    },
  };
}
