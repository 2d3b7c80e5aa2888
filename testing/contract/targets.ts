// Where the contract suite runs: a real test tenant (live) or the local cloud. Both obtain app-only tokens
// with the real @azure/msal-node (client credentials) and call Graph v1.0 over HTTPS; they differ only in
// hosts, credentials and, for the local cloud, the trusted CA.
import { ConfidentialClientApplication, type INetworkModule } from "@azure/msal-node";
import type { GraphAnswer, GraphCall, GraphMethod } from "./graph-contract";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}
export type Http = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<HttpAnswer>;

/** Node's fetch, headers lower-cased. */
export const fetchHttp: Http = async (url, init) => {
  const res = await fetch(url, { method: init.method, headers: init.headers, body: init.body });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  return { status: res.status, headers, text: await res.text() };
};

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

export interface CallerOptions {
  authorityHost: string; // https://login.microsoftonline.com
  graphUrl: string; // https://graph.microsoft.com
  tenantId: string;
  app: AppCredentials;
  http: Http;
  /** msal's transport (the local cloud's CA); default: msal's own fetch. */
  msalNetworkClient?: INetworkModule;
}

/** A GraphCall with an app-only token from msal-node's client credentials (cached by msal until it expires). */
export function appOnlyGraph(o: CallerOptions): GraphCall {
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: o.app.clientId,
      clientSecret: o.app.clientSecret,
      authority: `${o.authorityHost}/${o.tenantId}`,
      knownAuthorities: [new URL(o.authorityHost).host],
    },
    ...(o.msalNetworkClient ? { system: { networkClient: o.msalNetworkClient } } : {}),
  });
  const base = `${o.graphUrl.replace(/\/$/, "")}/v1.0`;
  return async (method: GraphMethod, path: string, body?: unknown): Promise<GraphAnswer> => {
    // The resource is Microsoft Graph's identifier whatever host serves it (the local cloud accepts it too).
    const token = await msal.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    if (!token?.accessToken) throw new Error("Microsoft Entra ID returned no access token");
    const url = /^https:\/\//.test(path) ? path : `${base}${path}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${token.accessToken}`, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await o.http(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let parsed: unknown = null;
    if (res.text) {
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = res.text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The test-tenant variables `npm run contract -- --live` needs. */
export const LIVE_VARIABLES = [
  "CONTRACT_TENANT_ID",
  "CONTRACT_CLIENT_ID",
  "CONTRACT_CLIENT_SECRET",
  "CONTRACT_WRITE_ONLY_CLIENT_ID",
  "CONTRACT_WRITE_ONLY_CLIENT_SECRET",
] as const;

export const CONTRACT_USAGE = `Usage: npm run contract -- --live

Runs the contract suite (the Microsoft Graph and Entra behaviour the portal relies on) against a real
TEST tenant. Not part of npm test; without --live the same checks run against the local cloud.

Required environment (a test tenant with Microsoft Entra ID P1, never a customer's):
  CONTRACT_TENANT_ID                  the test tenant's id (GUID)
  CONTRACT_CLIENT_ID                  an app registration in that tenant with the application permissions
  CONTRACT_CLIENT_SECRET                Policy.Read.All, Policy.ReadWrite.ConditionalAccess and
                                        Organization.Read.All, admin-consented
  CONTRACT_WRITE_ONLY_CLIENT_ID       a second app with ONLY Policy.ReadWrite.ConditionalAccess (application),
  CONTRACT_WRITE_ONLY_CLIENT_SECRET     admin-consented: proves reads need Policy.Read.All
Optional:
  CONTRACT_AUTHORITY_HOST             default https://login.microsoftonline.com
  CONTRACT_GRAPH_URL                  default https://graph.microsoft.com

What it writes: it creates its own disabled policies named "MSP portal contract test …" (they apply to
nobody: no users, no applications), changes only those, and deletes them at the end, also when a check
fails. It refuses to write to any other policy. It reads the tenant's policy list and /organization.
It sends one burst of 20 reads to check Graph's throttling. Exit status: 0 all passed, 1 a check failed,
2 a variable is missing or invalid.
`;

export interface LiveConfig {
  tenantId: string;
  full: AppCredentials;
  writeOnly: AppCredentials;
  authorityHost: string;
  graphUrl: string;
}

/** The live configuration from the environment, or what is missing or wrong (nothing is contacted). */
export function readLiveEnv(env: Record<string, string | undefined>): { ok: true; config: LiveConfig } | { ok: false; problems: string[] } {
  const problems = LIVE_VARIABLES.filter((k) => !env[k]?.trim()).map((k) => `${k} is not set`);
  if (env.CONTRACT_TENANT_ID && !GUID.test(env.CONTRACT_TENANT_ID.trim())) problems.push("CONTRACT_TENANT_ID is not a tenant id (GUID)");
  for (const k of ["CONTRACT_AUTHORITY_HOST", "CONTRACT_GRAPH_URL"] as const) {
    const v = env[k];
    if (v && !/^https:\/\/[^/\s]+\/?$/.test(v)) problems.push(`${k} must be an https origin`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      tenantId: env.CONTRACT_TENANT_ID!.trim().toLowerCase(),
      full: { clientId: env.CONTRACT_CLIENT_ID!.trim(), clientSecret: env.CONTRACT_CLIENT_SECRET! },
      writeOnly: { clientId: env.CONTRACT_WRITE_ONLY_CLIENT_ID!.trim(), clientSecret: env.CONTRACT_WRITE_ONLY_CLIENT_SECRET! },
      authorityHost: (env.CONTRACT_AUTHORITY_HOST ?? "https://login.microsoftonline.com").replace(/\/$/, ""),
      graphUrl: (env.CONTRACT_GRAPH_URL ?? "https://graph.microsoft.com").replace(/\/$/, ""),
    },
  };
}
