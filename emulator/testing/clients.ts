// Test helpers: start an emulator in-process, mint Graph access tokens with the emulator's own
// key (the login face's tests cover how real tokens are obtained through msal), and build the
// REAL @microsoft/microsoft-graph-client pointed at the emulator, trusting its CA.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, GraphError } from "@microsoft/microsoft-graph-client";
import { GRAPH_AUDIENCE, type GraphAccessClaims } from "../contract";
import type { Tenant } from "../fleet/model";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../server";
import { signJwt } from "../tokens";

export const TEST_CERT_DIR = join(tmpdir(), "msp-ca-portal-emulator-test-certs");

export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // A deep CA burst so tests about other things are not throttled; throttle tests pass caBurst: 1.
  return startEmulator({ port: 0, browserPort: 0, tenants: 20, seed: 7, timeScale: 0.001, caBurst: 1000, certDir: TEST_CERT_DIR, ...options });
}

/**
 * An undici Agent trusting the emulator's CA, for fetch's `dispatcher` option. Node bundles
 * undici without exporting it; after one fetch its global dispatcher is an Agent we can copy.
 */
const dispatchers = new Map<string, object>();

export async function trustingDispatcher(ca: string): Promise<object> {
  const cached = dispatchers.get(ca);
  if (cached) return cached;
  await fetch("data:,warm-up");
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as { constructor: new (o: unknown) => object } | undefined;
  if (!global) throw new Error("undici's global dispatcher is not available");
  const agent = new global.constructor({ connect: { ca } });
  dispatchers.set(ca, agent);
  return agent;
}

/** fetch against the emulator with its CA trusted. */
export async function emulatorFetch(em: RunningEmulator, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const dispatcher = await trustingDispatcher(em.ca);
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return fetch(`${em.url}${path}`, { ...init, headers, dispatcher } as RequestInit);
}

function baseClaims(tenantId: string, appId: string): Omit<GraphAccessClaims, "idtyp" | "oid" | "sub"> {
  const now = Math.floor(Date.now() / 1000);
  return { aud: GRAPH_AUDIENCE, iss: `https://sts.windows.net/${tenantId}/`, iat: now, nbf: now, exp: now + 3600, tid: tenantId, appid: appId, ver: "1.0" };
}

export function appToken(em: RunningEmulator, tenantId: string, roles: string[], appId = em.fleet.portalApp.clientId): string {
  const claims: GraphAccessClaims = {
    ...baseClaims(tenantId, appId),
    idtyp: "app",
    oid: "00000000-0000-4000-8000-00000000a991",
    sub: "00000000-0000-4000-8000-00000000a991",
    roles,
  };
  return signJwt(em.signingKey, claims as unknown as Record<string, unknown>);
}

export interface DelegatedTokenInput {
  tenantId: string;
  userId: string;
  upn: string;
  scopes: string[];
  wids: string[];
  homeTenantId?: string; // set for GDAP tokens (the partner tenant)
}

export function delegatedToken(em: RunningEmulator, input: DelegatedTokenInput): string {
  const home = input.homeTenantId ?? input.tenantId;
  const claims: GraphAccessClaims = {
    ...baseClaims(input.tenantId, em.fleet.portalApp.clientId),
    idtyp: "user",
    oid: input.userId,
    sub: input.userId,
    scp: input.scopes.join(" "),
    upn: input.upn,
    name: input.upn,
    wids: input.wids,
    home_tid: home,
    ...(home !== input.tenantId ? { idp: `https://sts.windows.net/${home}/` } : {}),
    amr: ["pwd", "mfa"],
  };
  return signJwt(em.signingKey, claims as unknown as Record<string, unknown>);
}

/** The real graph-client, configured only with the emulator's base URL, custom host and CA trust. */
export async function graphClient(em: RunningEmulator, token: string, options: { version?: "v1.0" | "beta" } = {}): Promise<Client> {
  const dispatcher = await trustingDispatcher(em.ca);
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: async () => token },
    baseUrl: `${em.url}/`,
    defaultVersion: options.version ?? "v1.0",
    customHosts: new Set(["127.0.0.1"]),
    fetchOptions: { dispatcher } as RequestInit,
  });
}

/**
 * Graph JSON as tests read it. graph-client's get()/post() already return JSON.parse's type; tests
 * keep that so they can assert on property paths directly (the assertions do the checking).
 */
export type JsonObject = Record<string, ReturnType<typeof JSON.parse>>;

/** The first demo customer seeded for a scenario (its first tag); a test's precondition. */
export function tenantOfScenario(em: RunningEmulator, scenario: string): Tenant {
  const t = em.fleet.customers.find((c) => c.tags[0] === scenario);
  if (!t) throw new Error(`the fleet seeds no ${scenario} tenant`);
  return t;
}

/** The GraphError a call is refused with; any other outcome fails the test. */
export async function refusal(p: Promise<unknown>): Promise<GraphError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof GraphError)) throw new Error(`expected a GraphError, got ${String(e)}`);
  return e;
}
