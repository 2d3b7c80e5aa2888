// TenantGraph over @microsoft/microsoft-graph-client 3.0.7: one Client per tenant and access path,
// with the project's middleware chain (middleware.ts), paging over @odata.nextLink, and every
// failure turned into a GraphFailure. `tenantGraph()` is the entry point for the rest of the app.
import "server-only";
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  ResponseType,
  TelemetryHandler,
  type AuthenticationProvider,
} from "@microsoft/microsoft-graph-client";
import { randomUUID } from "node:crypto";
import type { PolicyReferences } from "../ca";
import { chooseAccess } from "./access";
import { explainForbidden, explainGdapRefusal, GDAP_REFUSAL_CODES, hasEntraP2, hasEntraPremium, type AssignedPlan } from "./access-facts";
import { connectedAccountStored } from "./connection";
import { readNames, type NameReader } from "./directory-names";
import { classifyGraphError, networkFailure } from "./errors";
import { graphAuth, type AccessToken } from "./msal-client";
import { processPacers, realClock } from "./pacer";
import { acrossProcesses } from "./shared-pace";
import { FetchHandler, PacedRetryHandler, SendGuardOption } from "./middleware";
import { graphSettings, type GraphSettings } from "./settings";
import {
  GraphFailure,
  RequestNotSent,
  type AccessPath,
  type GraphPolicy,
  type NamedLocation,
  type GraphWriteResult,
  type NameResolution,
  type SendGuard,
  type TenantGraph,
  type TenantProblem,
  type WriteOptions,
} from "./tenant-graph-contract";

const CA_POLICIES = "/identity/conditionalAccess/policies";
const NAMED_LOCATIONS = "/identity/conditionalAccess/namedLocations";
const EVALUATE = "/identity/conditionalAccess/evaluate";
/** Reading the tenant's service plans (assignedPlans) needs Organization.Read.All (organization-get); User.Read sees basic fields only. */
export const LICENCE_SCOPES = ["https://graph.microsoft.com/Organization.Read.All"];
/**
 * Reading names (directory-names.ts): getByIds, role definitions and service principals need Directory.Read.All,
 * terms of use Agreement.Read.All, findTenantInformationByTenantId CrossTenantInformation.ReadBasic.All, named
 * locations and authentication contexts Policy.Read.All (each API's permissions table on learn.microsoft.com/graph/api).
 */
export const NAME_SCOPES = [
  "https://graph.microsoft.com/Directory.Read.All",
  "https://graph.microsoft.com/Agreement.Read.All",
  "https://graph.microsoft.com/CrossTenantInformation.ReadBasic.All",
  "https://graph.microsoft.com/Policy.Read.All",
];
/** Renew cached access tokens this long before they expire. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** Safety net against a server that keeps returning nextLinks. */
const MAX_PAGES = 1_000;

/** Gives an access token; `renew` bypasses every cache (after Graph refused the token with 401). */
export type TokenSource = (renew?: boolean) => Promise<AccessToken>;

/** Keeps the last access token until shortly before it expires (msal is asked again after). */
function memoised(source: TokenSource, now: () => number = Date.now): TokenSource {
  let current: AccessToken | null = null;
  return async (renew = false) => {
    if (!renew && current && current.expiresOn && current.expiresOn.getTime() - TOKEN_MARGIN_MS > now()) return current;
    current = await source(renew);
    return current;
  };
}

/** graph-client's auth provider contract; failures travel as GraphClientError so send() keeps them. */
function authProvider(source: TokenSource): AuthenticationProvider {
  return {
    getAccessToken: async () => {
      try {
        return (await source()).token;
      } catch (err) {
        const e = new GraphClientError(err instanceof Error ? err.message : String(err));
        e.customError = err;
        throw e;
      }
    },
  };
}

export function createGraphClient(settings: GraphSettings, tenantId: string, source: TokenSource): Client {
  const clock = settings.clock ?? realClock;
  const local = (settings.pacers ?? processPacers()).for(tenantId, settings.caRequestsPerSecond);
  const pacer = settings.sharedPace ? acrossProcesses(local, settings.sharedPace, tenantId) : local;
  return Client.initWithMiddleware({
    baseUrl: `${settings.graphBaseUrl}/`,
    defaultVersion: "v1.0",
    customHosts: new Set([new URL(settings.graphBaseUrl).hostname]),
    middleware: [
      new AuthenticationHandler(authProvider(source)),
      new PacedRetryHandler({
        pacer,
        retry: settings.retry,
        clock,
        random: settings.random ?? Math.random,
        onRetry: settings.log ? (notice) => settings.log?.warn({ tenantId, ...notice }, "Graph request retried") : undefined,
      }),
      new TelemetryHandler(),
      new FetchHandler(settings.fetch),
    ],
  });
}

interface RequestOptions {
  /** Another client of the same tenant (e.g. one whose token holds directory scopes) and its token source. */
  via?: { client: Client; tokens: TokenSource };
  body?: object;
  version?: "v1.0" | "beta";
  guard?: SendGuard;
}

interface RawResult {
  status: number;
  requestId: string | null;
  clientRequestId: string;
  body: unknown;
}

function failureFrom(err: unknown, clientRequestId: string, action: string): GraphFailure | RequestNotSent {
  if (err instanceof GraphFailure || err instanceof RequestNotSent) return err;
  if (err instanceof GraphClientError && (err.customError instanceof GraphFailure || err.customError instanceof RequestNotSent)) return err.customError;
  return networkFailure(err, clientRequestId, action);
}

export class GraphTenant implements TenantGraph {
  readonly fallbackReason?: { problem: TenantProblem; message: string };
  private plans?: Promise<AssignedPlan[] | null>;

  constructor(
    readonly tenantId: string,
    readonly access: AccessPath,
    private readonly client: Client,
    private readonly tokens: TokenSource,
    fallbackFrom?: GraphFailure,
    /** A client whose token may read /organization's service plans (none: the licence is not read). */
    private readonly directory?: Client,
    /** A client whose token holds NAME_SCOPES, and its source (none: names are read through `client`). */
    private readonly names?: { client: Client; tokens: TokenSource },
  ) {
    if (fallbackFrom) this.fallbackReason = { problem: fallbackFrom.problem, message: fallbackFrom.message };
  }

  /** /organization's assignedPlans, read once per TenantGraph; null when they cannot be read (no consent, a failure). */
  private assignedPlans(): Promise<AssignedPlan[] | null> {
    const directory = this.directory;
    if (!directory) return Promise.resolve(null);
    this.plans ??= (async () => {
      try {
        const org = (await directory.api("/organization").select("id,assignedPlans").get()) as { value?: { assignedPlans?: AssignedPlan[] }[] };
        const plans = org.value?.[0]?.assignedPlans;
        return Array.isArray(plans) ? plans : null;
      } catch {
        return null;
      }
    })();
    return this.plans;
  }

  /**
   * Whether the tenant has Entra ID P1/P2, from /organization's assignedPlans; null when they cannot be read
   * (no consent for Organization.Read.All, a failure): then nothing is concluded.
   */
  async entraPremium(): Promise<boolean | null> {
    const plans = await this.assignedPlans();
    return plans === null ? null : hasEntraPremium(plans);
  }

  /** Whether the tenant has Entra ID P2 (risk conditions), from the same plans; null when they cannot be read. */
  async entraP2(): Promise<boolean | null> {
    const plans = await this.assignedPlans();
    return plans === null ? null : hasEntraP2(plans);
  }

  private async send(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, clientRequestId: string, options: RequestOptions): Promise<Response> {
    let req = (options.via?.client ?? this.client).api(path).header("client-request-id", clientRequestId).responseType(ResponseType.RAW);
    if (options.version) req = req.version(options.version);
    if (options.guard) req = req.middlewareOptions([new SendGuardOption(options.guard)]);
    const sent: Promise<unknown> =
      method === "GET" ? req.get() : method === "POST" ? req.post(options.body ?? {}) : method === "PATCH" ? req.patch(options.body ?? {}) : req.delete();
    return (await sent) as Response;
  }

  /**
   * One request; non-2xx (after the retry budget) becomes a GraphFailure. A 401 (token revoked, keys
   * rolled over) is retried once with a token fresh from Entra.
   */
  async request(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, action: string, options: RequestOptions = {}): Promise<RawResult> {
    const clientRequestId = randomUUID();
    let response: Response;
    try {
      response = await this.send(method, path, clientRequestId, options);
      if (response.status === 401) {
        await response.arrayBuffer().catch(() => undefined);
        await (options.via?.tokens ?? this.tokens)(true);
        response = await this.send(method, path, clientRequestId, options);
      }
    } catch (err) {
      throw failureFrom(err, clientRequestId, action);
    }
    const requestId = response.headers.get("request-id");
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: string; message?: string; innerError?: { message?: string; "request-id"?: string } } } | null)?.error;
      const failure = classifyGraphError({
        status: response.status,
        code: error?.code,
        message: error?.message,
        innerMessage: error?.innerError?.message,
        requestId: requestId ?? error?.innerError?.["request-id"],
        clientRequestId,
        action,
      });
      // A refused Conditional Access call: the tenant's service plans say whether it is the licence.
      if (response.status === 403 && path.includes("/identity/conditionalAccess")) throw explainForbidden(failure, await this.entraPremium());
      throw failure;
    }
    return { status: response.status, requestId, clientRequestId, body };
  }

  /** Every item of a collection, following @odata.nextLink (absolute https URLs) to the end. */
  async listAll<T>(path: string, action: string, options: Pick<RequestOptions, "via"> = {}): Promise<T[]> {
    return (await this.listPages<T>(path, action, options)).items;
  }

  private async listPages<T>(path: string, action: string, options: Pick<RequestOptions, "via"> = {}): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let next: string | undefined = path;
    let page = 0;
    for (; next; page += 1) {
      if (page >= MAX_PAGES) throw new GraphFailure("unknown", `Microsoft Graph kept paging after ${MAX_PAGES} pages while ${action}.`);
      const { body } = await this.request("GET", next, action, options);
      const collection = body as { value?: unknown; "@odata.nextLink"?: unknown } | null;
      if (!collection || !Array.isArray(collection.value)) throw new GraphFailure("unknown", `Microsoft Graph returned no collection while ${action}.`);
      items.push(...(collection.value as T[]));
      next = typeof collection["@odata.nextLink"] === "string" ? collection["@odata.nextLink"] : undefined;
    }
    return { items, pages: page };
  }

  listPolicies(): Promise<GraphPolicy[]> {
    return this.listAll<GraphPolicy>(CA_POLICIES, "reading the Conditional Access policies");
  }

  async getPolicy(policyId: string): Promise<GraphPolicy> {
    const { body } = await this.request("GET", `${CA_POLICIES}/${encodeURIComponent(policyId)}`, `reading policy ${policyId}`);
    return body as GraphPolicy;
  }

  async patchPolicy(policyId: string, body: object, options: WriteOptions = {}): Promise<GraphWriteResult> {
    const through = options.apiVersion === "beta" ? " through /beta" : "";
    const r = await this.request("PATCH", `${CA_POLICIES}/${encodeURIComponent(policyId)}`, `changing policy ${policyId}${through}`, {
      body,
      guard: options.guard,
      version: options.apiVersion,
    });
    return { status: r.status, requestId: r.requestId, clientRequestId: r.clientRequestId, body: r.status === 204 ? null : r.body };
  }

  async createPolicy(body: object, options: WriteOptions = {}): Promise<GraphWriteResult> {
    const r = await this.request("POST", CA_POLICIES, "creating a Conditional Access policy", { body, version: options.apiVersion, guard: options.guard });
    return { status: r.status, requestId: r.requestId, clientRequestId: r.clientRequestId, body: r.body };
  }

  listNamedLocations(): Promise<NamedLocation[]> {
    return this.listAll<NamedLocation>(NAMED_LOCATIONS, "reading the named locations");
  }

  async evaluate(body: object): Promise<unknown[]> {
    const { body: answer } = await this.request("POST", EVALUATE, "asking Conditional Access What If", { body });
    const value = (answer as { value?: unknown } | null)?.value;
    if (!Array.isArray(value)) throw new GraphFailure("unknown", "Microsoft Graph returned no What If results.");
    return value;
  }

  readNames(refs: PolicyReferences): Promise<NameResolution> {
    const via = this.names;
    const reader: NameReader = {
      get: async (path, action) => (await this.request("GET", path, action, { via })).body,
      post: async (path, body, action) => (await this.request("POST", path, action, { via, body })).body,
      list: (path, action) => this.listPages<unknown>(path, action, { via }),
    };
    return readNames(reader, refs);
  }
}

export interface TenantGraphOptions {
  prefer?: AccessPath;
  /** Defaults to the process configuration (graphSettings()). */
  settings?: GraphSettings;
}

/**
 * A TenantGraph for one customer (or the partner) tenant. Obtains a token first, choosing the access
 * path as access.ts documents; throws GraphFailure when the tenant cannot be reached at all.
 */
export async function tenantGraph(tenantId: string, options: TenantGraphOptions = {}): Promise<TenantGraph> {
  const settings = options.settings ?? graphSettings();
  const auth = graphAuth(settings);
  const tenant = tenantId.toLowerCase();
  let accountId: string | null = null;
  const chosen = await chooseAccess<TokenSource>(options.prefer ?? "delegated", {
    delegated: async () => {
      const connected = await connectedAccountStored(settings);
      if (!connected) throw new GraphFailure("not-connected", "The partner's automation account is not connected: connect it in Settings.");
      const account = (accountId = connected.accountId);
      // What was just read holds for the first token only; later ones (a renewal) ask again.
      let stored: boolean | undefined = connected.stored;
      const source = memoised((renew) => {
        const checked = stored;
        stored = undefined;
        return auth.delegatedToken(account, tenant, { forceRefresh: renew, stored: checked });
      });
      try {
        await source();
      } catch (err) {
        throw await withGdapFacts(settings, tenant, err);
      }
      return source;
    },
    "app-only": async () => {
      const source = memoised((renew) => auth.appOnlyToken(tenant, { skipCache: renew }));
      await source();
      return source;
    },
  });
  // The licence read: delegated, a token for Organization.Read.All (the app-only token's roles may include it).
  const held = accountId;
  const directorySource: TokenSource =
    chosen.path === "delegated" && held
      ? memoised((renew) => auth.delegatedToken(held, tenant, { forceRefresh: renew, scopes: LICENCE_SCOPES }))
      : chosen.value;
  const namesSource: TokenSource =
    chosen.path === "delegated" && held ? memoised((renew) => auth.delegatedToken(held, tenant, { forceRefresh: renew, scopes: NAME_SCOPES })) : chosen.value;
  return new GraphTenant(
    tenant,
    chosen.path,
    createGraphClient(settings, tenant, chosen.value),
    chosen.value,
    chosen.fallbackFrom,
    createGraphClient(settings, tenant, directorySource),
    { client: createGraphClient(settings, tenant, namesSource), tokens: namesSource },
  );
}

/** A refused GDAP sign-in explained by the relationships the last sync found (access-facts.ts). */
async function withGdapFacts(settings: GraphSettings, tenantId: string, err: unknown): Promise<unknown> {
  if (!(err instanceof GraphFailure) || !err.detail.code || !GDAP_REFUSAL_CODES.has(err.detail.code)) return err;
  const row = await settings.db.customerTenant.findUnique({ where: { id: tenantId }, select: { gdapStatus: true } }).catch(() => null);
  return explainGdapRefusal(err, row?.gdapStatus ?? null, "delegated");
}
