// What Graph access needs, as one explicit object. `graphSettings()` builds it from the process
// configuration (lib/config.ts); tests and scripts build their own (tests cannot set process.env).
// Only URLs, credentials and the transport differ between Microsoft and the local cloud.
import "server-only";
import type { INetworkModule } from "@azure/msal-node";
import { config } from "../config";
import type { Logger } from "pino";
import { db } from "../db/client";
import { log } from "../log";
import type { PrismaClient } from "../db/generated/client";
import type { Clock, PacerRegistry } from "./pacer";
import { sharedPaceFor } from "./postgres-pace-store";
import type { SharedPace } from "./shared-pace";
import { GraphFailure } from "./tenant-graph-contract";

export interface RetryPolicy {
  /** Attempts per request including the first (429/5xx/network). */
  maxAttempts: number;
  /** No retry is started once this much time has passed since the first attempt. */
  budgetMs: number;
  /** Backoff without Retry-After: base * 2^(attempt-1), jittered to 50-100 %, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, budgetMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export interface GraphSettings {
  /** https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  /** https://graph.microsoft.com (no version). */
  graphBaseUrl: string;
  partnerTenantId: string;
  clientId: string;
  clientSecret: string;
  /** The configured 32-byte master key; the token-cache key is derived from it. */
  encryptionKey: Buffer;
  /** Origin people reach the portal at; the connect redirect URI hangs off it. */
  portalUrl: string;
  /** Conditional Access requests per second per tenant (Graph: 1). */
  caRequestsPerSecond: number;
  retry: RetryPolicy;
  db: PrismaClient;
  /** Transport overrides (tests trusting a test CA in-process). Production: msal's and the global fetch. */
  msalNetworkClient?: INetworkModule;
  fetch?: typeof fetch;
  /** Pacers and clock (tests inject a fake clock or a private registry). Default: process-wide. */
  pacers?: PacerRegistry;
  /**
   * The second stage of Conditional Access pacing, shared by every process (shared-pace.ts):
   * graphSettings() uses the database's. Absent: paced in this process only (unit tests).
   */
  sharedPace?: SharedPace;
  clock?: Clock;
  /** Jitter source for backoff, 0..1 (tests make it deterministic). */
  random?: () => number;
  /** Where retries are logged (the process logger by default; none in tests unless given). */
  log?: Pick<Logger, "warn">;
}

const holder = globalThis as unknown as { __graphSettings?: GraphSettings };

/** The process's settings from lib/config.ts (one object, so msal instances and pacers are shared). */
export function graphSettings(): GraphSettings {
  holder.__graphSettings ??= settingsFromConfig();
  return holder.__graphSettings;
}

function settingsFromConfig(overrides: Partial<GraphSettings> = {}): GraphSettings {
  const c = config();
  const missing = [
    !c.partnerTenantId && "PARTNER_TENANT_ID",
    !c.clientId && "ENTRA_CLIENT_ID",
    !c.clientSecret && "ENTRA_CLIENT_SECRET",
    !c.encryptionKey && "ENCRYPTION_KEY",
  ].filter((v): v is string => Boolean(v));
  const base = {
    authorityHost: c.entraAuthorityHost,
    graphBaseUrl: c.graphBaseUrl,
    partnerTenantId: c.partnerTenantId,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    encryptionKey: c.encryptionKey,
    portalUrl: c.portalUrl,
    caRequestsPerSecond: c.graphCaRequestsPerSecond,
    retry: DEFAULT_RETRY,
    ...overrides,
  };
  if (!base.partnerTenantId || !base.clientId || !base.clientSecret || !base.encryptionKey) {
    throw new GraphFailure("not-connected", `Graph access is not configured: set ${missing.join(", ")}.`);
  }
  return {
    ...base,
    partnerTenantId: base.partnerTenantId,
    clientId: base.clientId,
    clientSecret: base.clientSecret,
    encryptionKey: base.encryptionKey,
    db: overrides.db ?? db(),
    log: overrides.log ?? log(),
    sharedPace: overrides.sharedPace ?? sharedPaceFor(c.databaseUrl),
  };
}
