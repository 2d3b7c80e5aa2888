// msal-node's token cache, persisted in Postgres (TokenCacheEntry), encrypted with AES-256-GCM.
//
// Partitions (one row each):
//   "delegated:<homeAccountId>"  the connected automation account: its account and id tokens, its
//                                ONE refresh token (msal keys refresh tokens by home account, not by
//                                tenant) and the delegated access tokens it obtained in every
//                                customer tenant. All GDAP tokens hang off that refresh token, so
//                                they live and die with it (disconnect = delete one row).
//   "app:<tenantId>"             the app-only (client credentials) access token for one tenant. One
//                                row per tenant keeps rows small and lets thousands of tenants be
//                                refreshed concurrently without rewriting one big blob.
// Each row is sealed with the token-cache key (derived from ENCRYPTION_KEY) and the partition key is
// the AES-GCM associated data, so a blob copied to another row (another account or tenant) fails
// to decrypt instead of handing that tenant someone else's tokens.
//
// msal's TokenCache.deserialize REPLACES its in-memory cache, so one msal instance must not serve
// two partitions at once; msal-client.ts therefore keeps one ConfidentialClientApplication per
// partition (same app, same configuration), each with a SealedCachePlugin bound to its partition.
//
// Scale: msal reads the whole partition before every silent token request and writes it after
// every change. A delegated row holding an access token and an id token for each of a thousand
// customer tenants would make that megabytes per request, quadratic overall. So a delegated row is
// stored slim: the account, its home id token and its refresh token, which is all a restart needs;
// customer-tenant access tokens are kept in the process's memory by msal-client.ts.
import "server-only";
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { deriveKey, open, seal } from "../crypto/seal";
import type { PrismaClient } from "../db/generated/client";

const KEY_VERSION = 1;
const EMPTY_CACHE = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });
const LOCK_MS = 10_000;

export const DELEGATED_PARTITION_PREFIX = "delegated:";

export function delegatedPartition(homeAccountId: string): string {
  return `${DELEGATED_PARTITION_PREFIX}${homeAccountId.toLowerCase()}`;
}

export function appOnlyPartition(tenantId: string): string {
  return `app:${tenantId.toLowerCase()}`;
}

export function tokenCacheKey(master: Buffer): Buffer {
  return deriveKey(master, "token-cache");
}

/** Reads and decrypts one partition; null when absent. Throws SealError when it does not open. */
export async function readPartition(db: PrismaClient, key: Buffer, partitionKey: string): Promise<string | null> {
  const row = await db.tokenCacheEntry.findUnique({ where: { partitionKey } });
  if (!row) return null;
  return open(key, Buffer.from(row.ciphertext), partitionKey).toString("utf8");
}

export async function writePartition(db: PrismaClient, key: Buffer, partitionKey: string, serialized: string): Promise<void> {
  const ciphertext = new Uint8Array(seal(key, serialized, partitionKey));
  await db.tokenCacheEntry.upsert({
    where: { partitionKey },
    create: { partitionKey, ciphertext, keyVersion: KEY_VERSION },
    update: { ciphertext, keyVersion: KEY_VERSION },
  });
}

interface CacheEntry {
  realm?: string;
  home_account_id?: string;
  /** Accounts only: msal-node adds one (serialized) per tenant it got a token in (its Serializer). */
  tenantProfiles?: string[];
}
type CacheJson = Record<string, Record<string, CacheEntry> | undefined>;

/**
 * A delegated cache as stored: no access tokens, only the home tenant's id token, and one tenant
 * profile of the account (keptProfiles). msal-node records the account's profile in every tenant it
 * got a token in: with GDAP that is every customer, so at 10,000 customers the account alone was
 * over a megabyte, read, decrypted, parsed, written back and re-encrypted at each new tenant's token
 * (quadratic across a sync, and megabytes of the worker's heap at once). Tokens are asked for with the account as seen from the
 * target tenant (msal-client.ts), so msal needs no stored profile to find them.
 */
export function slimDelegatedCache(serialized: string): string {
  const cache = JSON.parse(serialized) as CacheJson;
  const homeTenantOf = (entry: CacheEntry) => entry.home_account_id?.split(".")[1]?.toLowerCase();
  const idTokens = Object.fromEntries(Object.entries(cache.IdToken ?? {}).filter(([, entry]) => homeTenantOf(entry) === entry.realm?.toLowerCase()));
  const accounts = Object.fromEntries(
    Object.entries(cache.Account ?? {}).map(([key, account]) => [
      key,
      account.tenantProfiles ? { ...account, tenantProfiles: keptProfiles(account.tenantProfiles, homeTenantOf(account)) } : account,
    ]),
  );
  return JSON.stringify({ ...cache, Account: accounts, AccessToken: {}, IdToken: idTokens });
}

/**
 * The home tenant's profile; without one, the newest. Never none: msal-node finds no account whose
 * profiles are an empty list (the account then reads as not connected), and it does replace the
 * account with one holding only the newest tenant's profile when its cache lookup matches no single
 * base account (msal-common's buildAccountToCache), which a 10,000-tenant sync met.
 */
function keptProfiles(profiles: string[], homeTenant: string | undefined): string[] {
  const home = profiles.filter((p) => profileTenant(p) === homeTenant);
  return home.length > 0 ? home : profiles.slice(-1);
}

function profileTenant(serializedProfile: string): string | undefined {
  try {
    return (JSON.parse(serializedProfile) as { tenantId?: string }).tenantId?.toLowerCase();
  } catch {
    return undefined;
  }
}

export async function deletePartition(db: PrismaClient, partitionKey: string): Promise<void> {
  await db.tokenCacheEntry.deleteMany({ where: { partitionKey } });
}

/** The partition an msal cache belongs to once it holds an account (used while connecting). */
export function accountPartitionOf(serialized: string): string | null {
  try {
    const parsed = JSON.parse(serialized) as { Account?: Record<string, { home_account_id?: string }> };
    const first = Object.values(parsed.Account ?? {})[0];
    return first?.home_account_id ? delegatedPartition(first.home_account_id) : null;
  } catch {
    return null;
  }
}

/**
 * msal cache plugin for one partition. `partitionKey` is fixed, or (while connecting an account whose
 * id is not known yet) resolved from the cache contents when msal writes.
 */
export class SealedCachePlugin implements ICachePlugin {
  /** Set once a resolver-based plugin has written: the partition it resolved to. */
  written: string | null = null;
  /**
   * msal pairs every beforeCacheAccess with an afterCacheAccess around a short in-memory step.
   * Concurrent requests on one msal instance would otherwise interleave (one's deserialize landing
   * between another's save and serialize, losing a fresh token), so the pair holds a lock. It is
   * released after LOCK_MS at the latest, should msal ever skip the after call on an error.
   */
  private lockTail: Promise<void> = Promise.resolve();
  private unlock: (() => void) | null = null;
  /** What this plugin last stored or loaded, so a change that stores the same content writes nothing. */
  private stored: string | null = null;

  constructor(
    private readonly db: PrismaClient,
    private readonly key: Buffer,
    private readonly partitionKey: string | ((serialized: string) => string | null),
    /** Store the slim form (delegated partitions, see above). */
    private readonly slim = false,
  ) {}

  private async lock(): Promise<void> {
    const previous = this.lockTail;
    let release!: () => void;
    this.lockTail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const timer = setTimeout(() => this.release(), LOCK_MS);
    timer.unref?.();
    this.unlock = () => {
      clearTimeout(timer);
      release();
    };
  }

  private release(): void {
    const unlock = this.unlock;
    this.unlock = null;
    unlock?.();
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    await this.lock();
    try {
      await this.load(context);
    } catch (err) {
      this.release();
      throw err;
    }
  }

  private async load(context: TokenCacheContext): Promise<void> {
    const partition = typeof this.partitionKey === "string" ? this.partitionKey : this.written;
    if (!partition) return;
    const data = await readPartition(this.db, this.key, partition);
    this.stored = data;
    if (data !== null) context.tokenCache.deserialize(data);
    // The row is gone (a disconnect, in any process): forget what msal still holds in memory, or
    // its refresh token would keep working here and be written back by the next change.
    else if (typeof this.partitionKey === "string") context.tokenCache.deserialize(EMPTY_CACHE);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    try {
      if (!context.cacheHasChanged) return;
      const serialized = context.tokenCache.serialize();
      const partition = typeof this.partitionKey === "string" ? this.partitionKey : this.partitionKey(serialized);
      if (!partition) return;
      const stored = this.slim ? slimDelegatedCache(serialized) : serialized;
      const samePartition = typeof this.partitionKey === "string" || this.written === partition;
      if (stored === this.stored && samePartition) return; // only what is not stored changed
      await writePartition(this.db, this.key, partition, stored);
      this.stored = stored;
      this.written = partition;
    } finally {
      this.release();
    }
  }
}
