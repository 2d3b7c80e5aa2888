// Connecting the partner's automation account: an admin signs it in once (authorization code +
// PKCE on the Graph msal client, so its refresh token lands in the encrypted token cache and nowhere
// else), and PartnerSettings remembers which account it is. connectionHealth() tells the settings
// page whether it still works.
import "server-only";
import { newPendingAuthorization, openPending, sealPending, type PendingAuthorization } from "../auth/pending-authorization";
import { deriveKey } from "../crypto/seal";
import { classifyMsalError } from "./errors";
import { graphAuth, GRAPH_DEFAULT_SCOPE } from "./msal-client";
import { graphSettings, type GraphSettings } from "./settings";
import { GraphFailure, type TenantProblem } from "./tenant-graph-contract";
import { DELEGATED_PARTITION_PREFIX, deletePartition, delegatedPartition } from "./token-cache";

export const CONNECT_COOKIE = "__Host-msp_connect";
const CONNECT_TTL_MS = 10 * 60_000;
/** `.default`: every Graph permission consented to the app; msal adds openid profile offline_access. */
const CONNECT_SCOPES = [GRAPH_DEFAULT_SCOPE, "offline_access"];

export function connectRedirectUri(settings: GraphSettings): string {
  return `${settings.portalUrl}/api/partner/connect/callback`;
}

function cookieKey(settings: GraphSettings): Buffer {
  return deriveKey(settings.encryptionKey, "sign-in-cookie");
}

/** The Entra URL to send the admin's browser to, and the sealed cookie remembering the request. */
export async function startConnect(
  returnTo: unknown,
  options: { loginHint?: string; settings?: GraphSettings } = {},
): Promise<{ url: string; cookie: string }> {
  const settings = options.settings ?? graphSettings();
  const { pending, codeChallenge } = await newPendingAuthorization(returnTo, CONNECT_TTL_MS);
  const url = await graphAuth(settings).authCodeUrl({
    scopes: CONNECT_SCOPES,
    redirectUri: connectRedirectUri(settings),
    state: pending.state,
    nonce: pending.nonce,
    codeChallenge,
    codeChallengeMethod: "S256",
    prompt: "login",
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  return { url, cookie: sealPending(cookieKey(settings), pending, CONNECT_COOKIE) };
}

export class ConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectError";
  }
}

function readPending(settings: GraphSettings, cookie: string | undefined): PendingAuthorization {
  const pending = openPending(cookieKey(settings), cookie, CONNECT_COOKIE);
  if (pending === "missing") throw new ConnectError("The connection took too long or was started in another browser. Try again.");
  if (pending === "invalid") throw new ConnectError("The connection could not be verified. Try again.");
  if (pending === "expired") throw new ConnectError("The connection took too long. Try again.");
  return pending;
}

export interface ConnectedAccount {
  accountId: string; // msal home account id (oid.tid)
  upn: string;
  connectedAt: Date;
  connectedByUpn: string;
  returnTo: string;
}

/**
 * Completes the connect: redeems the code (the refresh token goes to the encrypted cache, partition
 * of this account), checks the account belongs to the partner tenant, records it in PartnerSettings
 * and drops the previously connected account's cache.
 */
export async function finishConnect(
  query: URLSearchParams,
  cookie: string | undefined,
  byUpn: string,
  settings: GraphSettings = graphSettings(),
): Promise<ConnectedAccount> {
  const pending = readPending(settings, cookie);
  const state = query.get("state");
  if (!state || state !== pending.state) throw new ConnectError("The response does not match this browser's request. Try again.");
  const error = query.get("error");
  if (error) {
    const description = (query.get("error_description") ?? "").split(/\s*Trace ID:/)[0]!.slice(0, 300);
    throw new ConnectError(`Microsoft Entra ID refused the sign-in: ${description || error}`);
  }
  const code = query.get("code");
  if (!code) throw new ConnectError("The response carried no authorization code.");

  const auth = graphAuth(settings);
  let account;
  try {
    account = await auth.redeemCode(
      { code, scopes: CONNECT_SCOPES, redirectUri: connectRedirectUri(settings), codeVerifier: pending.verifier, state, nonce: pending.nonce },
      { code, state, client_info: query.get("client_info") ?? undefined },
    );
  } catch (err) {
    throw new ConnectError(`Microsoft Entra ID refused the sign-in: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The code came straight from the token endpoint over TLS with our secret. The account's home
  // tenant (client_info's utid, the second half of the home account id) must be the partner's own.
  const homeTenant = account.homeAccountId.split(".")[1]?.toLowerCase();
  if (homeTenant !== settings.partnerTenantId || account.tenantId !== settings.partnerTenantId) {
    await deletePartition(settings.db, delegatedPartition(account.homeAccountId));
    throw new ConnectError("Only an account of the MSP's own (partner) tenant can be connected.");
  }
  const connectedAt = new Date();
  const previous = await settings.db.partnerSettings.findUnique({ where: { id: 1 } });
  await settings.db.partnerSettings.upsert({
    where: { id: 1 },
    create: {
      id: 1,
      partnerTenantId: settings.partnerTenantId,
      connectedAccountId: account.homeAccountId,
      connectedAccountUpn: account.username,
      connectedAt,
      connectedByUpn: byUpn,
      updatedByUpn: byUpn,
    },
    update: { connectedAccountId: account.homeAccountId, connectedAccountUpn: account.username, connectedAt, connectedByUpn: byUpn, updatedByUpn: byUpn },
  });
  if (previous?.connectedAccountId && previous.connectedAccountId !== account.homeAccountId) {
    await deletePartition(settings.db, delegatedPartition(previous.connectedAccountId));
  }
  auth.forget(delegatedPartition(account.homeAccountId));
  return { accountId: account.homeAccountId, upn: account.username, connectedAt, connectedByUpn: byUpn, returnTo: pending.returnTo };
}

/** The connected account's msal home account id, or null. */
export async function connectedAccountId(settings: GraphSettings = graphSettings()): Promise<string | null> {
  const row = await settings.db.partnerSettings.findUnique({ where: { id: 1 }, select: { connectedAccountId: true } });
  return row?.connectedAccountId ?? null;
}

/**
 * The connected account and whether its token cache row (its refresh token) is stored, in one
 * statement: every tenant a worker opens needs both (a token held in memory is used only while that
 * row exists, msal-client.ts), and a bulk run opens thousands.
 */
export async function connectedAccountStored(settings: GraphSettings = graphSettings()): Promise<{ accountId: string; stored: boolean } | null> {
  const rows = await settings.db.$queryRaw<{ accountId: string | null; stored: boolean }[]>`
    select p."connectedAccountId" as "accountId",
      exists (select 1 from "TokenCacheEntry" as c where c."partitionKey" = ${DELEGATED_PARTITION_PREFIX} || lower(p."connectedAccountId")) as stored
    from "PartnerSettings" as p where p.id = 1`;
  const row = rows[0];
  return row?.accountId ? { accountId: row.accountId, stored: row.stored } : null;
}

/** Forgets the connected account: PartnerSettings cleared and its token cache (refresh token) deleted. */
export async function disconnect(byUpn: string, settings: GraphSettings = graphSettings()): Promise<void> {
  const id = await connectedAccountId(settings);
  await settings.db.partnerSettings.updateMany({
    where: { id: 1 },
    data: { connectedAccountId: null, connectedAccountUpn: null, connectedAt: null, connectedByUpn: null, updatedByUpn: byUpn },
  });
  if (id) {
    await deletePartition(settings.db, delegatedPartition(id));
    graphAuth(settings).forget(delegatedPartition(id));
  }
}

export type ConnectionHealth =
  | { connected: false; message: string }
  | {
      connected: true;
      accountUpn: string | null;
      connectedAt: Date | null;
      connectedByUpn: string | null;
      /** Whether a partner-tenant token can be obtained now. */
      healthy: boolean;
      problem?: TenantProblem;
      message: string;
    };

/** Connected? And can the account get a partner-tenant token now (from cache or by refresh)? */
export async function connectionHealth(options: { forceRefresh?: boolean; settings?: GraphSettings } = {}): Promise<ConnectionHealth> {
  const settings = options.settings ?? graphSettings();
  const row = await settings.db.partnerSettings.findUnique({ where: { id: 1 } });
  if (!row?.connectedAccountId) return { connected: false, message: "No automation account is connected." };
  const base = { connected: true as const, accountUpn: row.connectedAccountUpn, connectedAt: row.connectedAt, connectedByUpn: row.connectedByUpn };
  try {
    await graphAuth(settings).delegatedToken(row.connectedAccountId, settings.partnerTenantId, { forceRefresh: options.forceRefresh });
    return { ...base, healthy: true, message: `Connected as ${row.connectedAccountUpn ?? row.connectedAccountId}; it can get tokens.` };
  } catch (err) {
    const failure = err instanceof GraphFailure ? err : classifyMsalError(err, "delegated");
    return { ...base, healthy: false, problem: failure.problem, message: failure.message };
  }
}
