// The Entra ID (login) face of the local Microsoft cloud. The core mounts `handle` on its HTTPS
// listener (everything) and on its plain-HTTP browser listener (where only the browser pages,
// authorize and logout, are answered; the rest is left unhandled). See README.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LoginDirectory } from "@/emulator/contract";
import type { SigningKey } from "@/emulator/tokens";
import { handleAuthorize } from "./authorize-endpoint";
import { instanceDiscovery, jwks, openIdConfiguration } from "./discovery";
import { AADSTS, errorBody, requestIds } from "./entra-errors";
import { isTls, sendJson } from "./http-util";
import { LoginState, type FaceContext } from "./login-state";
import { handleLogout } from "./logout-endpoint";
import { BROWSER_ENDPOINTS, matchRoute, normalizeBase, resolveAuthority, type Authority } from "./routes";
import { handleTokenRequest, sendEntraError } from "./token-endpoint";

export interface LoginFaceOptions {
  directory: LoginDirectory;
  signingKey: SigningKey;
  /** HTTPS origin of the authority, issuer, token endpoint and JWKS, e.g. https://127.0.0.1:4443 */
  publicBaseUrl: string;
  /** Plain-HTTP loopback origin serving only authorize and logout, e.g. http://127.0.0.1:4444 */
  browserBaseUrl: string;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

export interface LoginFace {
  /** True when the request was a login-face request and has been answered. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Forgets codes, refresh tokens, sessions and pending forms (for the control plane's reset). */
  reset(): void;
  /** Makes every remembered browser sign-in `ms` older (tests of `max_age` and `auth_time`); returns how many. */
  ageSignIns(ms: number): number;
}

export function createLoginFace(opts: LoginFaceOptions): LoginFace {
  const now = opts.now ?? Date.now;
  const ctx: FaceContext = {
    directory: opts.directory,
    key: opts.signingKey,
    urls: { publicBase: normalizeBase(opts.publicBaseUrl, "publicBaseUrl"), browserBase: normalizeBase(opts.browserBaseUrl, "browserBaseUrl") },
    now,
    state: new LoginState(now),
  };
  return {
    async handle(req, res, url) {
      const route = matchRoute(url.pathname);
      if (!route) return false;
      // Secrets and tokens never cross the plain-HTTP listener: only the browser pages live there.
      if (!isTls(req) && !BROWSER_ENDPOINTS.has(route.endpoint)) return false;
      const authority = resolveAuthority(ctx.directory, route.tenantSegment);
      try {
        switch (route.endpoint) {
          case "openid-configuration":
          case "keys":
            serveDiscovery(ctx, req, res, authority, route.endpoint);
            break;
          case "instance-discovery": {
            const answer = instanceDiscovery(ctx.urls, url.searchParams.get("authorization_endpoint"));
            sendJson(res, answer.status, answer.body);
            break;
          }
          case "authorize":
            await handleAuthorize(ctx, req, res, url, authority);
            break;
          case "token":
            await handleTokenRequest(ctx, req, res, authority);
            break;
          case "logout":
            await handleLogout(ctx, req, res, url);
            break;
        }
      } catch (err) {
        // An emulator bug must still look like an STS failure to msal (JSON), not a hung socket.
        if (!res.headersSent) {
          const ids = requestIds(req.headers["client-request-id"]);
          const error = {
            error: "server_error",
            code: 50000,
            message: `The local cloud failed to process the request. (${err instanceof Error ? err.message : "unknown error"})`,
          };
          sendJson(res, 500, errorBody(error, ids, now()));
        } else {
          res.destroy();
        }
      }
      return true;
    },
    reset() {
      ctx.state = new LoginState(now);
    },
    ageSignIns(ms) {
      let aged = 0;
      for (const session of ctx.state.sessions.values()) {
        session.authTimeMs -= ms;
        aged++;
      }
      return aged;
    },
  };
}

function serveDiscovery(ctx: FaceContext, req: IncomingMessage, res: ServerResponse, authority: Authority, endpoint: "openid-configuration" | "keys"): void {
  if (authority.kind === "unknown") return sendEntraError(ctx, res, req, AADSTS.tenantNotFound(authority.segment));
  // Entra publishes endpoints with the tenant id even when asked by domain; common/organizations keep their name.
  const pathSegment = authority.kind === "tenant" ? authority.tenant.id : authority.segment;
  const tenantPath = authority.kind === "tenant" ? authority.tenant.id : "{tenantid}";
  const body = endpoint === "keys" ? jwks(ctx.key, ctx.urls, tenantPath) : openIdConfiguration(ctx.urls, pathSegment, tenantPath);
  sendJson(res, 200, body, { "Cache-Control": "max-age=86400, private" });
}
