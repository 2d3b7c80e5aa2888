import { GraphClientError, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { getHeader, PacedRetryHandler, retryAfterMs, SendGuardOption } from "./middleware";
import { Pacer, type Clock } from "./pacer";
import type { RetryPolicy } from "./settings";
import { GraphFailure, RequestNotSent, type SendGuard } from "./tenant-graph-contract";

/** A clock whose sleeps return at once and advance time (the handler awaits them one at a time). */
class StepClock implements Clock {
  t = 0;
  sleeps: number[] = [];
  now() {
    return this.t;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

type Reply = { status: number; headers?: Record<string, string> } | Error;

class Scripted implements Middleware {
  calls: { at: number; headers: Record<string, string> }[] = [];
  constructor(
    private readonly replies: Reply[],
    private readonly clock: StepClock,
  ) {}
  async execute(context: Context) {
    this.calls.push({ at: this.clock.now(), headers: { ...(context.options?.headers as Record<string, string>) } });
    const reply = this.replies.shift() ?? { status: 200 };
    if (reply instanceof Error) throw reply;
    context.response = new Response(reply.status === 204 ? null : "{}", { status: reply.status, headers: reply.headers });
  }
}

const RETRY: RetryPolicy = { maxAttempts: 5, budgetMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };

function setup(replies: Reply[], options: { retry?: Partial<RetryPolicy>; url?: string; method?: string; random?: number } = {}) {
  const clock = new StepClock();
  const pacer = new Pacer(1, clock);
  const handler = new PacedRetryHandler({ pacer, retry: { ...RETRY, ...options.retry }, clock, random: () => options.random ?? 1 });
  const next = new Scripted(replies, clock);
  handler.setNext(next);
  const context: Context = {
    request: options.url ?? "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies",
    options: { method: options.method ?? "GET", headers: {} },
  };
  return { clock, handler, next, context };
}

describe("PacedRetryHandler", () => {
  it("paces Conditional Access attempts and backs off exponentially (no Retry-After), then succeeds", async () => {
    const { handler, next, context, clock } = setup([{ status: 429 }, { status: 429 }, { status: 200 }]);
    await handler.execute(context);
    expect((context.response as Response).status).toBe(200);
    expect(next.calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]); // backoff (random = 1 -> full delay); the pacer's slot had passed
    const ids = new Set(next.calls.map((c) => c.headers["client-request-id"]));
    expect(ids.size).toBe(1); // one client-request-id for all attempts
    expect(next.calls[1]?.headers["Retry-Attempt"]).toBe("1");
  });

  it("tells onRetry about each retry, without headers or bodies", async () => {
    const notices: unknown[] = [];
    const clock = new StepClock();
    const handler = new PacedRetryHandler({ pacer: new Pacer(1, clock), retry: RETRY, clock, random: () => 1, onRetry: (n) => notices.push(n) });
    handler.setNext(new Scripted([{ status: 429 }, { status: 200 }], clock));
    const context: Context = {
      request: "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$top=5",
      options: { method: "GET", headers: { "client-request-id": "c1" } },
    };
    await handler.execute(context);
    expect(notices).toEqual([
      {
        method: "GET",
        url: "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies",
        attempt: 1,
        status: 429,
        delayMs: 1000,
        clientRequestId: "c1",
      },
    ]);
  });

  it("honours Retry-After (seconds) when Graph sends one", async () => {
    const { handler, context, clock } = setup([{ status: 503, headers: { "Retry-After": "7" } }, { status: 200 }], {
      url: "https://graph.microsoft.com/v1.0/organization",
    });
    await handler.execute(context);
    expect(clock.sleeps).toEqual([7000]);
  });

  it("gives up after maxAttempts and hands the last 429 back for classification", async () => {
    const { handler, next, context } = setup(
      Array.from({ length: 10 }, () => ({ status: 429 })),
      { retry: { maxAttempts: 3 } },
    );
    await handler.execute(context);
    expect(next.calls).toHaveLength(3);
    expect((context.response as Response).status).toBe(429);
  });

  it("stops when the next wait would exceed the time budget", async () => {
    const { handler, next, context } = setup(
      Array.from({ length: 10 }, () => ({ status: 503 })),
      { retry: { budgetMs: 2_500 }, url: "https://graph.microsoft.com/v1.0/organization" },
    );
    await handler.execute(context);
    expect(next.calls).toHaveLength(2); // waits 1000, then 2000 would pass 2500
  });

  it("does not retry a POST on a 500 (it may have been processed), but does on 429", async () => {
    const a = setup([{ status: 500 }, { status: 201 }], { method: "POST" });
    await a.handler.execute(a.context);
    expect(a.next.calls).toHaveLength(1);
    const b = setup([{ status: 429 }, { status: 201 }], { method: "POST" });
    await b.handler.execute(b.context);
    expect(b.next.calls).toHaveLength(2);
  });

  it("does not retry 4xx other than 429", async () => {
    const { handler, next, context } = setup([{ status: 403 }]);
    await handler.execute(context);
    expect(next.calls).toHaveLength(1);
  });

  it("retries network errors, then throws an 'unavailable' GraphFailure inside a GraphClientError", async () => {
    const err = new TypeError("fetch failed");
    const { handler, next, context } = setup([err, err, err], { retry: { maxAttempts: 3 } });
    const thrown = await handler.execute(context).catch((e: unknown) => e);
    expect(next.calls).toHaveLength(3);
    expect(thrown).toBeInstanceOf(GraphClientError);
    const failure = (thrown as GraphClientError).customError as GraphFailure;
    expect(failure.problem).toBe("unavailable");
    expect(failure.detail.clientRequestId).toBe(getHeader(context.options, "client-request-id"));
  });

  it("keeps a client-request-id the caller set", async () => {
    const { handler, next, context } = setup([{ status: 200 }]);
    context.options = { method: "GET", headers: { "client-request-id": "mine" } };
    await handler.execute(context);
    expect(next.calls[0]?.headers["client-request-id"]).toBe("mine");
  });

  it("jitters the backoff between half and the full delay", () => {
    const low = setup([], { random: 0 }).handler;
    const high = setup([], { random: 1 }).handler;
    expect(low.backoffMs(3)).toBe(2000);
    expect(high.backoffMs(3)).toBe(4000);
    expect(high.backoffMs(20)).toBe(30_000); // capped
  });
});

describe("PacedRetryHandler with a per-request SendGuard", () => {
  function guarded(replies: Reply[], guard: SendGuard) {
    const s = setup(replies, { method: "PATCH" });
    const option = new SendGuardOption(guard);
    s.context.middlewareControl = {
      getMiddlewareOptions: (fn: unknown) => (fn === SendGuardOption ? option : undefined),
    } as unknown as Context["middlewareControl"];
    return s;
  }

  it("asks the guard after the pacer's turn and before every attempt, and tells it when each answer is in", async () => {
    const events: string[] = [];
    const s = guarded([{ status: 503 }, { status: 204 }], {
      beforeSend: async () => {
        events.push(`before@${s.clock.now()}`);
        return null;
      },
      afterSend: async () => {
        events.push(`after@${s.clock.now()}`);
      },
    });
    await s.handler.execute(s.context);
    expect((s.context.response as Response).status).toBe(204);
    expect(s.next.calls).toHaveLength(2);
    // The retry waited for backoff (1000) and then the pacer's next slot before asking again.
    expect(events).toEqual(["before@0", "after@0", "before@1000", "after@1000"]);
  });

  it("sends nothing once the guard gives a reason, even for a request that already waited for its turn", async () => {
    let cancelled: string | null = null;
    const s = guarded([{ status: 429 }, { status: 204 }], {
      beforeSend: async () => cancelled,
      // The cancel lands while the first attempt's answer is in and the retry waits for its turn.
      afterSend: async () => {
        cancelled = "Not written: the run was cancelled.";
      },
    });
    const thrown = await s.handler.execute(s.context).catch((e: unknown) => e);
    // The first attempt was decided before the cancel (sent, 429); the retry was refused.
    expect(s.next.calls).toHaveLength(1);
    expect(thrown).toBeInstanceOf(GraphClientError);
    const notSent = (thrown as GraphClientError).customError;
    expect(notSent).toBeInstanceOf(RequestNotSent);
    expect((notSent as RequestNotSent).reason).toBe("Not written: the run was cancelled.");
  });

  it("treats a guard that cannot decide as a reason not to send, keeping its internal error out of the reason", async () => {
    const dbError = new Error("database unreachable");
    const s = guarded([{ status: 204 }], { beforeSend: async () => Promise.reject(dbError) });
    const thrown = await s.handler.execute(s.context).catch((e: unknown) => e);
    expect(s.next.calls).toHaveLength(0);
    const notSent = (thrown as GraphClientError).customError as RequestNotSent;
    expect(notSent).toBeInstanceOf(RequestNotSent);
    expect(notSent.reason).toBe("Not sent: the check before sending could not be made.");
    expect(notSent.cause).toBe(dbError);
  });

  /** A guard that refuses every attempt after the first (Cancel pressed during the backoff). */
  function cancelledAfterFirst(): SendGuard {
    let asked = 0;
    return { beforeSend: async () => (asked++ === 0 ? null : "Not written: the run was cancelled.") };
  }

  it("hands back the earlier 5xx, not RequestNotSent, when the guard refuses a retry after an answer whose outcome is unknown", async () => {
    for (const status of [500, 502, 504]) {
      const s = guarded([{ status, headers: { "request-id": "r1" } }, { status: 204 }], cancelledAfterFirst());
      await s.handler.execute(s.context); // no throw: the caller classifies the 5xx (outcome uncertain, settled by re-reading)
      expect(s.next.calls).toHaveLength(1);
      const response = s.context.response as Response;
      expect(response.status).toBe(status);
      expect(response.headers.get("request-id")).toBe("r1");
      expect(await response.text()).toBe("{}");
    }
  });

  it("throws the earlier network failure, not RequestNotSent, when the guard refuses a retry after a request that got no answer", async () => {
    const s = guarded([new TypeError("fetch failed"), { status: 204 }], cancelledAfterFirst());
    const thrown = await s.handler.execute(s.context).catch((e: unknown) => e);
    expect(s.next.calls).toHaveLength(1);
    const failure = (thrown as GraphClientError).customError;
    expect(failure).toBeInstanceOf(GraphFailure);
    expect((failure as GraphFailure).problem).toBe("unavailable");
  });

  it("keeps an earlier unknown outcome through a later 429, and through a guard that cannot decide", async () => {
    let asked = 0;
    const s = guarded([{ status: 504 }, { status: 429 }, { status: 204 }], {
      beforeSend: async () => {
        asked += 1;
        if (asked === 3) throw new Error("database unreachable");
        return null;
      },
    });
    await s.handler.execute(s.context);
    expect(s.next.calls).toHaveLength(2);
    expect((s.context.response as Response).status).toBe(504);
  });

  it("still says RequestNotSent after a 429 or 503 (certainly not processed)", async () => {
    for (const status of [429, 503]) {
      const s = guarded([{ status }, { status: 204 }], cancelledAfterFirst());
      const thrown = await s.handler.execute(s.context).catch((e: unknown) => e);
      expect((thrown as GraphClientError).customError).toBeInstanceOf(RequestNotSent);
    }
  });
});

describe("retryAfterMs", () => {
  it("reads seconds (also fractional) and HTTP dates", () => {
    expect(retryAfterMs("2.5")).toBe(2500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
