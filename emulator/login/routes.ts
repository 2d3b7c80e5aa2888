// Which login endpoint a path names, and the URLs the face advertises. Paths mirror
// login.microsoftonline.com: /{tenant}/oauth2/v2.0/{authorize|token|logout},
// /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys.
import type { DirectoryTenant, LoginDirectory } from "@/emulator/contract";

export type Endpoint = "openid-configuration" | "keys" | "authorize" | "token" | "logout" | "instance-discovery";

/** The endpoints a person's browser reaches; only these are served on the plain-HTTP listener. */
export const BROWSER_ENDPOINTS: ReadonlySet<Endpoint> = new Set<Endpoint>(["authorize", "logout"]);

const SUFFIXES: ReadonlyArray<[string, Endpoint]> = [
  ["/v2.0/.well-known/openid-configuration", "openid-configuration"],
  ["/discovery/v2.0/keys", "keys"],
  ["/oauth2/v2.0/authorize", "authorize"],
  ["/oauth2/v2.0/token", "token"],
  ["/oauth2/v2.0/logout", "logout"],
];

export interface Route {
  tenantSegment: string; // as sent, lower-cased
  endpoint: Endpoint;
}

export function matchRoute(pathname: string): Route | undefined {
  if (pathname === "/common/discovery/instance") return { tenantSegment: "common", endpoint: "instance-discovery" };
  for (const [suffix, endpoint] of SUFFIXES) {
    if (!pathname.endsWith(suffix)) continue;
    const segment = pathname.slice(1, pathname.length - suffix.length);
    if (segment.length === 0 || segment.includes("/")) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    return { tenantSegment: decoded.toLowerCase(), endpoint };
  }
  return undefined;
}

/** `common`/`organizations` name no tenant: the user's home tenant decides. `consumers` is MSA-only, not emulated. */
export type Authority =
  { kind: "tenant"; segment: string; tenant: DirectoryTenant } | { kind: "multi"; segment: "common" | "organizations" } | { kind: "unknown"; segment: string };

export function resolveAuthority(directory: LoginDirectory, segment: string): Authority {
  if (segment === "common" || segment === "organizations") return { kind: "multi", segment };
  const tenant = directory.tenant(segment);
  return tenant ? { kind: "tenant", segment, tenant } : { kind: "unknown", segment };
}

/** Base URLs are origins: msal reads the tenant from the first path segment of every endpoint. */
export function normalizeBase(base: string, what: string): string {
  const url = new URL(base);
  if (url.pathname !== "/" && url.pathname !== "") throw new Error(`${what} must be an origin without a path: ${base}`);
  if (url.search || url.hash) throw new Error(`${what} must not carry a query or fragment: ${base}`);
  return url.origin;
}

export interface Urls {
  publicBase: string; // https origin: authority, issuer, token endpoint, JWKS
  browserBase: string; // origin a browser reaches without a certificate warning: authorize, logout
}

export const issuerOf = (urls: Urls, tenantPath: string) => `${urls.publicBase}/${tenantPath}/v2.0`;
export const v1IssuerOf = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;
