// The graph-client middleware chain that replaces graph-client's default RetryHandler. That handler
// retries 429/503/504 three times on its own timing, which is wrong for Conditional Access (429
// without Retry-After at 1 request/second/tenant): here CA requests first wait for the tenant's
// pace (this process's pacer, then the tenant's turn across processes), and every request retries
// 429/5xx/network errors with jittered exponential backoff within a bounded budget, honouring
// Retry-After when Graph sends one.
//
// Chain: AuthenticationHandler (graph-client; bearer only for the Graph host) -> PacedRetryHandler
// -> TelemetryHandler (graph-client) -> FetchHandler (fetch, injectable for tests).
import { GraphClientError, type Context, type Middleware, type MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { randomUUID } from "node:crypto";
import { networkFailure } from "./errors";
import { isConditionalAccessPath, type Clock, type TenantPace } from "./pacer";
import type { RetryPolicy } from "./settings";
import { RequestNotSent, type SendGuard } from "./tenant-graph-contract";

export const CLIENT_REQUEST_ID = "client-request-id";

/** Reads a header from fetch options (graph-client uses plain objects; Headers also accepted). */
export function getHeader(options: RequestInit | undefined, name: string): string | undefined {
  const h = options?.headers;
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  if (Array.isArray(h)) return h.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? (h as Record<string, string>)[key] : undefined;
}

export function setHeader(context: Context, name: string, value: string): void {
  context.options ??= {};
  const h = context.options.headers;
  if (h instanceof Headers) h.set(name, value);
  else if (Array.isArray(h)) context.options.headers = [...h.filter(([k]) => k.toLowerCase() !== name.toLowerCase()), [name, value]];
  else context.options.headers = { ...(h as Record<string, string> | undefined), [name]: value };
}

function requestUrl(request: RequestInfo): string {
  return typeof request === "string" ? request : request.url;
}

/** Seconds or an HTTP date -> milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** Statuses that mean "not processed": safe to retry even a POST. */
const NOT_PROCESSED = new Set([429, 503]);
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"]);

/**
 * A per-request SendGuard, attached with graph-client's `.middlewareOptions([...])`. PacedRetryHandler
 * asks it after the pacer grants each attempt's turn, so "stop writing" takes effect even for a
 * request that was already waiting in the tenant's queue when the decision was made.
 */
export class SendGuardOption implements MiddlewareOptions {
  constructor(readonly guard: SendGuard) {}
}

function guardOf(context: Context): SendGuard | undefined {
  const option = context.middlewareControl?.getMiddlewareOptions(SendGuardOption) as SendGuardOption | undefined;
  return option?.guard;
}

export interface RetryNotice {
  method: string;
  url: string;
  attempt: number;
  status: number | null; // null: network error
  delayMs: number;
  clientRequestId: string;
}

export interface PacedRetryOptions {
  /** The tenant's Pacer, or the Pacer then the tenant's turn across processes (shared-pace.ts). */
  pacer: TenantPace;
  retry: RetryPolicy;
  clock: Clock;
  random: () => number;
  /** Told about every retry (for logs); never given headers or bodies. */
  onRetry?: (notice: RetryNotice) => void;
}

export class PacedRetryHandler implements Middleware {
  private next?: Middleware;

  constructor(private readonly options: PacedRetryOptions) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  /** Backoff before attempt `attempt + 1` when Graph gave no Retry-After: jittered exponential. */
  backoffMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return ceiling * (0.5 + 0.5 * this.options.random());
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error("PacedRetryHandler has no next middleware");
    const { pacer, retry, clock } = this.options;
    // One client-request-id for the logical request, kept across retries (support can follow it).
    let clientRequestId = getHeader(context.options, CLIENT_REQUEST_ID);
    if (!clientRequestId) {
      clientRequestId = randomUUID();
      setHeader(context, CLIENT_REQUEST_ID, clientRequestId);
    }
    const method = (context.options?.method ?? "GET").toUpperCase();
    const paced = isConditionalAccessPath(requestUrl(context.request));
    const started = clock.now();
    const guard = guardOf(context);

    // An earlier attempt whose outcome is unknown (no answer, or 500/502/504: Graph may have
    // applied it). If the guard then refuses a retry, "not sent" would be false for the request as
    // a whole, so that earlier failure is what the caller gets: it settles it by re-reading.
    let uncertain: { networkError: unknown } | { status: number; headers: Headers; body: string } | undefined;

    for (let attempt = 1; ; attempt += 1) {
      const release = paced ? await pacer.acquire() : undefined;
      context.response = undefined;
      let networkError: unknown;
      let stop: string | null;
      let guardError: unknown;
      try {
        stop = guard ? await guard.beforeSend() : null;
      } catch (err) {
        // The guard could not decide (e.g. its database was unreachable): not sending is the safe
        // side. Its own text is internal (database errors), so it travels as the cause, not the reason.
        stop = "Not sent: the check before sending could not be made.";
        guardError = err;
      }
      if (stop !== null) {
        release?.();
        if (uncertain !== undefined) {
          if ("networkError" in uncertain) {
            const e = new GraphClientError(`Microsoft Graph could not be reached after ${attempt - 1} attempt(s)`);
            e.customError = networkFailure(uncertain.networkError, clientRequestId);
            throw e;
          }
          context.response = new Response(uncertain.body, { status: uncertain.status, headers: uncertain.headers });
          return; // classified by the caller like any final 5xx
        }
        const e = new GraphClientError(stop);
        e.customError = new RequestNotSent(stop, guardError);
        throw e;
      }
      try {
        await this.next.execute(context);
      } catch (err) {
        if (err instanceof GraphClientError) throw err; // already classified (e.g. token failures)
        networkError = err;
      } finally {
        release?.(); // the answer (or the failure) is here: the tenant's next CA request may follow
        // The guard's bookkeeping must not turn an answered request into a failure.
        await guard?.afterSend?.().catch(() => undefined);
      }
      const response = context.response as Response | undefined;
      const retryable =
        networkError !== undefined
          ? IDEMPOTENT.has(method)
          : response !== undefined && RETRYABLE_STATUS.has(response.status) && (IDEMPOTENT.has(method) || NOT_PROCESSED.has(response.status));
      const elapsed = clock.now() - started;
      let delay = 0;
      if (retryable) {
        const hinted = response ? retryAfterMs(response.headers.get("retry-after")) : undefined;
        delay = hinted ?? this.backoffMs(attempt);
      }
      if (!retryable || attempt >= retry.maxAttempts || elapsed + delay > retry.budgetMs) {
        if (networkError !== undefined) {
          const e = new GraphClientError(`Microsoft Graph could not be reached after ${attempt} attempt(s)`);
          e.customError = networkFailure(networkError, clientRequestId);
          throw e;
        }
        return; // the caller reads context.response (2xx, or an error to classify)
      }
      if (networkError !== undefined) uncertain = { networkError };
      else if (response !== undefined && !NOT_PROCESSED.has(response.status)) {
        // Kept (not just drained) in case it has to be handed back; reading it frees the connection too.
        uncertain = { status: response.status, headers: new Headers(response.headers), body: await response.text().catch(() => "") };
      }
      // Drain the refused response so its connection can be reused.
      else await response?.arrayBuffer().catch(() => undefined);
      const url = requestUrl(context.request).split("?")[0] ?? "";
      this.options.onRetry?.({ method, url, attempt, status: response?.status ?? null, delayMs: Math.round(delay), clientRequestId });
      setHeader(context, "Retry-Attempt", String(attempt));
      await clock.sleep(delay);
    }
  }
}

/**
 * The last link: sends the request with fetch (the global one unless a transport is injected), with
 * a per-attempt timeout so a hung connection cannot hold a tenant's pacer forever.
 */
export class FetchHandler implements Middleware {
  constructor(
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    private readonly timeoutMs = 60_000,
  ) {}

  async execute(context: Context): Promise<void> {
    const init = { ...(context.options as RequestInit), signal: context.options?.signal ?? AbortSignal.timeout(this.timeoutMs) };
    context.response = await this.fetchImpl(context.request, init);
  }
}
