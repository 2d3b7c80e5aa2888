// The contract between Graph access (lib/graph, which implements it against Microsoft or the local
// cloud) and everything that reads or changes a tenant (lib/remediation, the sync job, pages' jobs).
// Implementations pace Conditional Access requests per tenant, retry 429/5xx within a budget, and
// turn every failure into a GraphFailure with a readable, per-tenant reason.
import type { NameKind, PolicyReferences, ResolvedName } from "../ca";

/** How the portal reaches a customer tenant. */
export type AccessPath = "delegated" | "app-only";

/** Why a tenant could not be read or changed, in terms an MSP admin acts on. */
export type TenantProblem =
  | "no-gdap" // no GDAP relationship with this customer
  | "gdap-inactive" // relationship expired, terminated, pending…
  | "missing-role" // GDAP grants no role that allows this (e.g. read-only)
  | "no-consent" // the portal's app is not consented in the tenant
  | "no-licence" // no Entra ID P1: Conditional Access unavailable
  | "security-defaults" // security defaults on: policies cannot be enabled
  | "blocked-by-ca" // the customer's Conditional Access blocks the GDAP sign-in (AADSTS53003)
  | "throttled" // still 429 after the retry budget
  | "unavailable" // 5xx / network after the retry budget
  | "not-found" // the policy (or tenant) does not exist
  | "conflict" // Graph refused the request as invalid for the current state (400 rule errors)
  | "not-connected" // the partner's automation account is not connected yet
  | "unknown";

// Next.js may bundle this module into several server chunks, each with its own copy of the class,
// while the msal client is shared process-wide: a failure thrown by one copy must still be a
// GraphFailure to code holding another. A global symbol brand makes `instanceof` copy-proof.
const GRAPH_FAILURE = Symbol.for("msp-ca-portal.GraphFailure");

export class GraphFailure extends Error {
  readonly [GRAPH_FAILURE] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[GRAPH_FAILURE] === true;
  }

  constructor(
    readonly problem: TenantProblem,
    message: string, // a readable sentence for the admin, e.g. "GDAP relationship expired on 2026-10-01"
    readonly detail: {
      status?: number;
      code?: string; // Graph error code or AADSTS number
      requestId?: string;
      clientRequestId?: string;
      graphMessage?: string;
    } = {},
  ) {
    super(message);
    this.name = "GraphFailure";
  }
}

const REQUEST_NOT_SENT = Symbol.for("msp-ca-portal.RequestNotSent");

/**
 * A request a SendGuard stopped before it left (e.g. the bulk run was cancelled while the PATCH
 * waited for its pacer turn). Nothing reached Graph, so the write certainly did not happen.
 */
export class RequestNotSent extends Error {
  readonly [REQUEST_NOT_SENT] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[REQUEST_NOT_SENT] === true;
  }

  /** `cause`: why the guard could not decide, for logs (never shown: it may be a database error). */
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = "RequestNotSent";
  }
}

/**
 * Asked right before each attempt of a request leaves (after the tenant's pacer granted its turn,
 * so a wait in the pacer cannot outlive a decision to stop), and told when its answer is in.
 */
export interface SendGuard {
  /** A reason not to send (the request then fails with RequestNotSent), or null to send. */
  beforeSend(): Promise<string | null>;
  /** The attempt's answer (or failure) arrived: the request is no longer in flight. */
  afterSend?(): Promise<void>;
}

/** What Graph answered to a write, kept in history. */
export interface GraphWriteResult {
  status: number;
  requestId: string | null;
  clientRequestId: string | null;
  body: unknown; // the created entity for POST, null for 204
}

/** How a write is sent: its guard (SendGuard) and Graph's API version (v1.0 unless a write needs /beta). */
export interface WriteOptions {
  guard?: SendGuard;
  apiVersion?: "v1.0" | "beta";
}

/** A Conditional Access policy as Graph returns it (raw JSON; lib/ca reads it). */
export type GraphPolicy = Record<string, unknown> & { id: string; displayName: string; state: string };

export interface TenantGraph {
  readonly tenantId: string;
  readonly access: AccessPath;
  /** Set when `access` is the fallback: why the preferred path failed (e.g. blocked-by-ca for delegated). */
  readonly fallbackReason?: { problem: TenantProblem; message: string };
  listPolicies(): Promise<GraphPolicy[]>; // follows @odata.nextLink
  getPolicy(policyId: string): Promise<GraphPolicy>;
  /** `guard`: see SendGuard; without one the request is sent as soon as the pacer allows. `apiVersion` defaults to v1.0. */
  patchPolicy(policyId: string, body: object, options?: WriteOptions): Promise<GraphWriteResult>;
  createPolicy(body: object, options?: WriteOptions): Promise<GraphWriteResult>;
  /** The named locations as Graph returns them (every property: lib/ca's What If reads their ranges and countries). */
  listNamedLocations(): Promise<NamedLocation[]>;
  /**
   * Graph's What If (`POST /identity/conditionalAccess/evaluate`): every policy as a whatIfAnalysisResult
   * (the policy with `policyApplies` and `analysisReasons`). A Conditional Access request: paced like the others.
   */
  evaluate(body: object): Promise<unknown[]>;
  /**
   * The names of what the policies point at (lib/graph/directory-names.ts). Never throws for a kind
   * Graph refuses: its ids come back `unreadable`, with the reason in `unreadable`.
   */
  readNames(refs: PolicyReferences): Promise<NameResolution>;
  /**
   * Whether the tenant has Microsoft Entra ID P2 (user and sign-in risk), from /organization's
   * assignedPlans; null when they cannot be read. Optional: a graph that cannot tell leaves it unknown.
   */
  entraP2?(): Promise<boolean | null>;
}

/** Names read for a tenant, and what reading them cost. */
export interface NameResolution {
  names: ResolvedName[];
  /** Requests sent to resolve names (pages included; retries of one request not counted). */
  requests: number;
  /** Of those, Conditional Access requests (named locations, authentication contexts), which share the tenant's CA pace. */
  caRequests: number;
  unreadable: { kind: NameKind; message: string }[];
}

/** A named location as Graph returns it. */
export type NamedLocation = Record<string, unknown> & { id: string; displayName: string };
