// The portal's msal-node confidential client for Graph access (not staff sign-in: lib/auth/oidc.ts
// has its own). One app registration and one configuration (authority = the partner tenant,
// knownAuthorities = the configured sign-in host, so no instance discovery goes elsewhere); one
// ConfidentialClientApplication per token-cache partition (see token-cache.ts for why), created
// lazily and kept for the most recently used partitions (CLIENTS_HELD).
//
// Refresh tokens never leave this module: callers get access tokens (strings) only.
import "server-only";
import {
  ConfidentialClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type AuthorizationCodeRequest,
  type AuthorizationUrlRequest,
  type Configuration,
} from "@azure/msal-node";
import { classifyMsalError } from "./errors";
import type { GraphSettings } from "./settings";
import { GraphFailure } from "./tenant-graph-contract";
import { accountPartitionOf, appOnlyPartition, deletePartition, delegatedPartition, SealedCachePlugin, tokenCacheKey } from "./token-cache";
import { RecentMap } from "./recent-map";

export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
/**
 * Delegated tokens ask for the permissions the portal uses, not `.default`: Entra answers a
 * `.default` request with the consented scopes spelled out, msal caches the token under those, and a
 * later `.default` lookup never matches them (every call would redeem the refresh token again).
 */
export const DELEGATED_SCOPES = ["https://graph.microsoft.com/Policy.Read.All", "https://graph.microsoft.com/Policy.ReadWrite.ConditionalAccess"];

/** App-only access must at least read Conditional Access policies. */
export const APP_ONLY_REQUIRED_ROLE = "Policy.Read.All";

/**
 * The `roles` claim of a Graph access token, or null when the token cannot be read. Entra issues
 * app-only tokens even where the app's service principal holds no application permission (the
 * token then has no roles and every call is 403), so "app-only works" means a token WITH roles.
 */
export function accessTokenRoles(token: string): string[] | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return null;
  }
}

export interface SignedInAccount {
  homeAccountId: string;
  tenantId: string;
  username: string;
}

export interface AccessToken {
  token: string;
  expiresOn: Date | null;
}

function toAccessToken(result: AuthenticationResult | null, path: "delegated" | "app-only"): AccessToken {
  if (!result?.accessToken) throw new GraphFailure("unknown", `Microsoft Entra ID returned no ${path} access token.`);
  return { token: result.accessToken, expiresOn: result.expiresOn ?? null };
}

/** Renewed this long before it expires, as msal does (its default refresh offset is 300 s). */
const EXPIRY_MARGIN_MS = 5 * 60_000;

function stillFresh(token: AccessToken): boolean {
  return token.expiresOn !== null && token.expiresOn.getTime() - Date.now() > EXPIRY_MARGIN_MS;
}

/**
 * Delegated tokens held in memory (recent-map.ts), the most recently used: above a fleet of 10,000
 * (most tenants need one set of scopes), so the tokens a sync got serve the preview and the run that
 * follow within the hour instead of each tenant asking Entra again (a token-cache read, a request, a
 * write). About 2 KB each: at 10,000 tenants the worker's peak RSS stayed at 370 MB (`bench:bulk`),
 * and the preview took 66 s instead of 85 s, the run 157 s instead of 165 s, when 2,000 were held.
 */
export const DELEGATED_TOKENS_HELD = 12_000;

/**
 * msal clients held in memory, one per partition, the most recently used. A fleet has one app-only
 * partition per tenant it opens app-only, and a client keeps the last cache it loaded: about 6 KB
 * with its token (5,000 clients: 28.8 MB of heap, measured), kept for the process before, so the
 * worker's heap grew with the fleet. Letting one go loses no token (its plugin reads the stored
 * partition before every request anyway); the client made when its tenant comes back reads the
 * authority's metadata once more (a GET). Far above what a worker works on at once, so a client in
 * use is not let go (and if it were, the second client of that partition would write its row as
 * another process's does).
 */
export const CLIENTS_HELD = 2_000;

export class GraphAuth {
  private readonly apps: RecentMap<string, ConfidentialClientApplication>;
  /** Delegated access tokens by partition, tenant and scopes: this process's memory only, the most recent ones. */
  private readonly delegatedTokens = new RecentMap<string, AccessToken>(DELEGATED_TOKENS_HELD);
  private readonly cacheKey: Buffer;

  constructor(
    readonly settings: GraphSettings,
    held: { clients?: number } = {},
  ) {
    this.cacheKey = tokenCacheKey(settings.encryptionKey);
    this.apps = new RecentMap(held.clients ?? CLIENTS_HELD);
  }

  /** How many msal clients this process holds now. */
  get clientsHeld(): number {
    return this.apps.size;
  }

  authority(tenantId: string): string {
    return `${this.settings.authorityHost}/${tenantId}`;
  }

  private configuration(plugin: SealedCachePlugin): Configuration {
    const s = this.settings;
    return {
      auth: {
        clientId: s.clientId,
        clientSecret: s.clientSecret,
        authority: this.authority(s.partnerTenantId),
        knownAuthorities: [new URL(s.authorityHost).host],
      },
      cache: { cachePlugin: plugin },
      ...(s.msalNetworkClient ? { system: { networkClient: s.msalNetworkClient } } : {}),
    };
  }

  private app(partitionKey: string): ConfidentialClientApplication {
    let app = this.apps.get(partitionKey);
    if (!app) {
      // Delegated rows are stored slim; their access tokens live in `delegatedTokens` (token-cache.ts explains why).
      const slim = partitionKey.startsWith("delegated:");
      app = new ConfidentialClientApplication(this.configuration(new SealedCachePlugin(this.settings.db, this.cacheKey, partitionKey, slim)));
      this.apps.set(partitionKey, app);
    }
    return app;
  }

  /** A client for an interactive connect: its partition is the account that signs in. */
  private connectingApp(): ConfidentialClientApplication {
    return new ConfidentialClientApplication(this.configuration(new SealedCachePlugin(this.settings.db, this.cacheKey, accountPartitionOf)));
  }

  /** The Entra sign-in URL for connecting an account (authorization code + PKCE). */
  authCodeUrl(request: AuthorizationUrlRequest): Promise<string> {
    return this.connectingApp().getAuthCodeUrl(request);
  }

  /**
   * Redeems a connect code: the account's tokens (its refresh token) go to the encrypted cache, in
   * the account's own partition; the caller learns who signed in, never a token.
   */
  async redeemCode(request: AuthorizationCodeRequest, response: { code: string; state: string; client_info?: string }): Promise<SignedInAccount> {
    let result: AuthenticationResult | null;
    try {
      result = await this.connectingApp().acquireTokenByCode(request, response);
    } catch (err) {
      throw classifyMsalError(err, "delegated");
    }
    const account = result?.account;
    if (!account?.homeAccountId) throw new GraphFailure("unknown", "Microsoft Entra ID returned no account for the sign-in.");
    return { homeAccountId: account.homeAccountId, tenantId: account.tenantId.toLowerCase(), username: account.username };
  }

  /** Forgets the in-memory msal instance of a partition (after its row was deleted or replaced). */
  forget(partitionKey: string): void {
    this.apps.delete(partitionKey);
    for (const key of [...this.delegatedTokens.keys()]) if (key.startsWith(`${partitionKey}|`)) this.delegatedTokens.delete(key);
  }

  private async account(homeAccountId: string): Promise<AccountInfo> {
    const app = this.app(delegatedPartition(homeAccountId));
    const account = await app.getTokenCache().getAccountByHomeId(homeAccountId);
    if (!account)
      throw new GraphFailure(
        "not-connected",
        "The partner's automation account is not connected (its sign-in is not in the token cache): connect it in Settings.",
      );
    return account;
  }

  /**
   * A delegated (GDAP) token in `tenantId` for the connected account. The account is passed AS SEEN
   * FROM the target tenant (same homeAccountId, tenantId = target): msal-node 7 looks cached access
   * tokens up by account.tenantId before the authority, so the partner's own account would silently
   * return the partner's token. With the target tenant it redeems the refresh token at the
   * customer's authority and caches that tenant's token separately.
   */
  async delegatedToken(
    homeAccountId: string,
    tenantId: string,
    options: {
      forceRefresh?: boolean;
      scopes?: string[];
      /** Whether the account's row is stored, when the caller has just read it (connection.ts's connectedAccountStored). */
      stored?: boolean;
    } = {},
  ): Promise<AccessToken> {
    const partition = delegatedPartition(homeAccountId);
    const scopes = options.scopes ?? DELEGATED_SCOPES;
    const key = `${partition}|${tenantId.toLowerCase()}|${scopes.join(" ")}`;
    const held = this.delegatedTokens.get(key);
    // A held token is used only while the account's row exists: a disconnect (in any process) ends it.
    const stored = async () => options.stored ?? (await this.settings.db.tokenCacheEntry.count({ where: { partitionKey: partition } })) > 0;
    if (held && !options.forceRefresh && stillFresh(held) && (await stored())) return held;
    this.delegatedTokens.delete(key);
    try {
      const account = await this.account(homeAccountId);
      const result = await this.app(partition).acquireTokenSilent({
        account: { ...account, tenantId },
        scopes,
        authority: this.authority(tenantId),
        forceRefresh: options.forceRefresh ?? false,
      });
      const token = toAccessToken(result, "delegated");
      this.delegatedTokens.set(key, token);
      return token;
    } catch (err) {
      throw classifyMsalError(err, "delegated");
    }
  }

  /** An app-only token in `tenantId` (client credentials; needs the app consented there). */
  async appOnlyToken(tenantId: string, options: { skipCache?: boolean } = {}): Promise<AccessToken> {
    try {
      return await this.appOnlyTokenOnce(tenantId, options);
    } catch (err) {
      if (!(err instanceof GraphFailure && err.detail.code === "token-cache-unreadable")) throw err;
      // Only a cached access token was in that row: drop it and ask Entra again.
      await deletePartition(this.settings.db, appOnlyPartition(tenantId));
      return this.appOnlyTokenOnce(tenantId, options);
    }
  }

  private async appOnlyTokenOnce(tenantId: string, options: { skipCache?: boolean }): Promise<AccessToken> {
    try {
      const result = await this.app(appOnlyPartition(tenantId)).acquireTokenByClientCredential({
        scopes: [GRAPH_DEFAULT_SCOPE],
        authority: this.authority(tenantId),
        skipCache: options.skipCache ?? false,
      });
      const token = toAccessToken(result, "app-only");
      const roles = accessTokenRoles(token.token);
      if (roles && !roles.includes(APP_ONLY_REQUIRED_ROLE)) {
        // A token carries the roles consented when it was issued: one cached before an admin granted
        // the application permission would refuse until it expires. Ask Entra once more.
        if (!options.skipCache) return await this.appOnlyTokenOnce(tenantId, { skipCache: true });
        throw new GraphFailure(
          "no-consent",
          `The portal's app is present in this tenant but has no application permission ${APP_ONLY_REQUIRED_ROLE}, so app-only access is not possible.`,
          { code: "no-app-roles" },
        );
      }
      return token;
    } catch (err) {
      throw classifyMsalError(err, "app-only");
    }
  }

  /** Removes a connected account's cache (its refresh token) from memory; the caller deletes the row. */
  async dropAccount(homeAccountId: string): Promise<void> {
    this.forget(delegatedPartition(homeAccountId));
  }
}

const holder = globalThis as unknown as { __graphAuth?: WeakMap<GraphSettings, GraphAuth> };

/** One GraphAuth per settings object (the default settings are one object per process). */
export function graphAuth(settings: GraphSettings): GraphAuth {
  holder.__graphAuth ??= new WeakMap();
  let auth = holder.__graphAuth.get(settings);
  if (!auth) holder.__graphAuth.set(settings, (auth = new GraphAuth(settings)));
  return auth;
}
