// GraphTenant over the real graph-client with a scripted fetch: headers, paging, write results, 401
// renewal, error classification. (graph.int.test.ts covers the same against the local cloud.)
import { describe, expect, it } from "vitest";
import { createGraphClient, GraphTenant, type TokenSource } from "./tenant-graph-client";
import { MemoryPaceStore, PaceDatabase } from "../../testing/graph/memory-pace-store";
import { PacerRegistry, realClock } from "./pacer";
import { SharedPace } from "./shared-pace";
import type { GraphSettings } from "./settings";
import { GraphFailure } from "./tenant-graph-contract";

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

function harness(answers: Answer[], base = "https://graph.example.test", sharedPace?: SharedPace) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init?.headers as Record<string, string>) ?? {})) headers[k.toLowerCase()] = v;
    seen.push({ method: init?.method ?? "GET", url: String(input), headers, body: typeof init?.body === "string" ? init.body : undefined });
    const a = answers.shift() ?? { status: 500 };
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), {
      status: a.status,
      headers: { "content-type": "application/json", "request-id": `rid-${seen.length}`, ...a.headers },
    });
  }) as typeof fetch;
  const renewals: boolean[] = [];
  let n = 0;
  const tokens: TokenSource = async (renew = false) => {
    renewals.push(renew);
    n += renew ? 1 : 0;
    return { token: `token-${n}`, expiresOn: new Date(Date.now() + 3_600_000) };
  };
  const settings = {
    graphBaseUrl: base,
    caRequestsPerSecond: 1000,
    retry: { maxAttempts: 3, budgetMs: 1000, baseDelayMs: 1, maxDelayMs: 2 },
    fetch: fetchImpl,
    pacers: new PacerRegistry(),
    sharedPace,
  } as unknown as GraphSettings;
  const graph = new GraphTenant("t1", "delegated", createGraphClient(settings, "t1", tokens), tokens);
  return { graph, seen, renewals };
}

const policy = (id: string) => ({ id, displayName: id, state: "enabled" });

describe("GraphTenant", () => {
  it("sends the bearer token and one client-request-id, and reports Graph's request-id for writes", async () => {
    const { graph, seen } = harness([{ status: 204 }]);
    const result = await graph.patchPolicy("p1", { state: "disabled" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "PATCH",
      url: "https://graph.example.test/v1.0/identity/conditionalAccess/policies/p1",
      body: '{"state":"disabled"}',
    });
    expect(seen[0]!.headers.authorization).toBe("Bearer token-0");
    expect(result).toEqual({ status: 204, requestId: "rid-1", clientRequestId: seen[0]!.headers["client-request-id"], body: null });
  });

  it("follows @odata.nextLink until the last page", async () => {
    const { graph, seen } = harness([
      {
        status: 200,
        body: { value: [policy("a"), policy("b")], "@odata.nextLink": "https://graph.example.test/v1.0/identity/conditionalAccess/policies?$skiptoken=2" },
      },
      { status: 200, body: { value: [policy("c")] } },
    ]);
    expect((await graph.listPolicies()).map((p) => p.id)).toEqual(["a", "b", "c"]);
    expect(seen.map((s) => s.url)).toEqual([
      "https://graph.example.test/v1.0/identity/conditionalAccess/policies",
      "https://graph.example.test/v1.0/identity/conditionalAccess/policies?$skiptoken=2",
    ]);
  });

  it("creates on the requested API version and returns the entity", async () => {
    const { graph, seen } = harness([{ status: 201, body: policy("new") }]);
    const result = await graph.createPolicy({ displayName: "x" }, { apiVersion: "beta" });
    expect(seen[0]!.url).toBe("https://graph.example.test/beta/identity/conditionalAccess/policies");
    expect(result).toMatchObject({ status: 201, body: policy("new") });
  });

  it("asks the shared pace for every attempt of a Conditional Access request, when the settings have one", async () => {
    const store = new MemoryPaceStore(new PaceDatabase(realClock));
    const shared = new SharedPace(store, { log: { warn: () => undefined, info: () => undefined } });
    const { graph, seen } = harness([{ status: 429 }, { status: 200, body: policy("p1") }], undefined, shared);
    expect((await graph.getPolicy("p1")).id).toBe("p1");
    expect(seen).toHaveLength(2);
    expect(store.calls.map((c) => c.call)).toEqual(["acquire t1", "release t1", "acquire t1", "release t1"]);
  });

  it("renews the token once after a 401 and repeats the request", async () => {
    const { graph, seen, renewals } = harness([
      { status: 401, body: { error: { code: "InvalidAuthenticationToken", message: "Access token validation failure." } } },
      { status: 200, body: policy("p1") },
    ]);
    expect((await graph.getPolicy("p1")).id).toBe("p1");
    expect(renewals).toContain(true);
    expect(seen.map((s) => s.headers.authorization)).toEqual(["Bearer token-0", "Bearer token-1"]);
    expect(new Set(seen.map((s) => s.headers["client-request-id"])).size).toBe(1);
  });

  it("turns Graph errors into GraphFailures with status, code and both request ids", async () => {
    const { graph, seen } = harness([
      { status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } } },
    ]);
    const f = await graph.patchPolicy("p1", {}).catch((e: unknown) => e);
    expect(f).toBeInstanceOf(GraphFailure);
    expect((f as GraphFailure).problem).toBe("missing-role");
    expect((f as GraphFailure).detail).toEqual({
      status: 403,
      code: "Authorization_RequestDenied",
      requestId: "rid-1",
      clientRequestId: seen[0]!.headers["client-request-id"],
      graphMessage: "Insufficient privileges to complete the operation.",
    });
  });

  it("reports 5xx after the retry budget as unavailable", async () => {
    const { graph, seen } = harness([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const f = (await graph.listNamedLocations().catch((e: unknown) => e)) as GraphFailure;
    expect(f.problem).toBe("unavailable");
    expect(seen).toHaveLength(3);
  });

  it("passes token failures through as the GraphFailure they are", async () => {
    const failing: TokenSource = async () => {
      throw new GraphFailure("blocked-by-ca", "blocked");
    };
    const settings = {
      graphBaseUrl: "https://graph.example.test",
      caRequestsPerSecond: 1000,
      retry: { maxAttempts: 1, budgetMs: 0, baseDelayMs: 1, maxDelayMs: 1 },
      pacers: new PacerRegistry(),
    } as unknown as GraphSettings;
    const graph = new GraphTenant("t1", "delegated", createGraphClient(settings, "t1", failing), failing);
    await expect(graph.listPolicies()).rejects.toMatchObject({ problem: "blocked-by-ca" });
  });
});
