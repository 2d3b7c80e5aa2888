// OpenID configuration, JWKS and instance discovery documents.
import { jwk, type SigningKey } from "@/emulator/tokens";
import { issuerOf, type Urls } from "./routes";

/**
 * `tenantPath` is the tenant id, or `{tenantid}` for common/organizations as Entra publishes it.
 * msal validates that `issuer` shares scheme, host and port with the authority, so the issuer is on
 * the public HTTPS base; the authorize and logout endpoints are on the browser base (msal does not
 * scheme-check them, and a browser reaches plain-HTTP loopback without a certificate warning).
 */
export function openIdConfiguration(urls: Urls, pathSegment: string, tenantPath: string): Record<string, unknown> {
  const pub = `${urls.publicBase}/${pathSegment}`;
  const browser = `${urls.browserBase}/${pathSegment}`;
  const graphHost = "graph.microsoft.com";
  return {
    token_endpoint: `${pub}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    jwks_uri: `${pub}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: issuerOf(urls, tenantPath),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `https://${graphHost}/oidc/userinfo`,
    authorization_endpoint: `${browser}/oauth2/v2.0/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${browser}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "nbf",
      "auth_time",
      "nonce",
      "name",
      "preferred_username",
      "oid",
      "tid",
      "ver",
      "roles",
      "idp",
      "sid",
    ],
    code_challenge_methods_supported: ["S256", "plain"],
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: graphHost,
    rbac_url: "https://pas.windows.net",
  };
}

export function jwks(key: SigningKey, urls: Urls, tenantPath: string): Record<string, unknown> {
  return { keys: [jwk(key, issuerOf(urls, tenantPath))] };
}

/** Answers msal's instance discovery for our own host; any other host is unknown (AADSTS50049). */
export function instanceDiscovery(urls: Urls, authorizationEndpoint: string | null): { status: number; body: Record<string, unknown> } {
  const host = new URL(urls.publicBase).host;
  let target: URL | undefined;
  try {
    target = authorizationEndpoint ? new URL(authorizationEndpoint) : undefined;
  } catch {
    target = undefined;
  }
  if (!target || target.host !== host) {
    return {
      status: 400,
      body: { error: "invalid_instance", error_description: "AADSTS50049: Unknown or invalid instance.", error_codes: [50049] },
    };
  }
  const tenant = target.pathname.split("/")[1] || "common";
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${urls.publicBase}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}
