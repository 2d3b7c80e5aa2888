// Throttling as Graph does it: CA requests at 1/s per tenant for all apps together,
// 429 without Retry-After, $batch items throttled one by one; other tenants unaffected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, emulatorFetch, startTestEmulator } from "@/emulator/testing/clients";
import type { JsonObject } from "@/emulator/testing/clients";

type Json = JsonObject;
const POLICIES = "/v1.0/identity/conditionalAccess/policies";
const ROLES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"];

let em: RunningEmulator;

beforeAll(async () => {
  // Real pace (time scale 1) and Graph's small burst: what the portal's pacer must live with.
  em = await startTestEmulator({ timeScale: 1, caBurst: 1, tenants: 24 });
});

afterAll(async () => {
  await em?.close();
});

function licensed() {
  return em.fleet.customers.filter((t) => t.licences.entraP1);
}

describe("Conditional Access throttling", () => {
  it("refuses about 19 of 20 CA requests sent to one tenant within a second, without Retry-After", async () => {
    const tenant = licensed()[0]!;
    // Two apps share the tenant's bucket: the limit is per tenant for all apps together.
    const tokens = [appToken(em, tenant.id, ROLES), appToken(em, tenant.id, ROLES, "0f0e0d0c-0b0a-4909-8807-060504030201")];
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => emulatorFetch(em, POLICIES, { token: tokens[i % 2] })));
    const elapsed = performance.now() - started;
    const statuses = responses.map((r) => r.status);
    const refused = responses.filter((r) => r.status === 429);
    // One request per second gets through: a loaded machine that takes longer to send the 20 lets
    // one more through per second it took, never more.
    const allowed = 1 + Math.floor(elapsed / 1000);
    const admitted = statuses.filter((s) => s === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeLessThanOrEqual(allowed);
    expect(refused.length).toBeGreaterThanOrEqual(20 - allowed);
    expect(refused.length).toBe(20 - statuses.filter((s) => s === 200).length);
    for (const r of refused) expect(r.headers.get("retry-after")).toBeNull();
    const body = (await refused[0]!.json()) as Json;
    expect(body.error.code).toBe("TooManyRequests");
    expect(body.error.message).toBe("Please retry again later.");
    expect(body.error.innerError).toMatchObject({ code: "429", message: "Please retry after", status: "429" });
    expect(body.error.innerError["request-id"]).toBe(refused[0]!.headers.get("request-id"));
  });

  it("refuses none of 20 CA requests spread over 20 tenants", async () => {
    const tenants = licensed().slice(1, 21);
    expect(tenants).toHaveLength(20);
    const responses = await Promise.all(tenants.map((t) => emulatorFetch(em, POLICIES, { token: appToken(em, t.id, ROLES) })));
    expect(responses.map((r) => r.status)).toEqual(tenants.map(() => 200));
  });

  it("throttles $batch items one by one: a batch of 5 CA reads gets one 200 and four 429s", async () => {
    const tenant = licensed()[21]!;
    const requests = Array.from({ length: 5 }, (_, i) => ({ id: String(i + 1), method: "GET", url: "/identity/conditionalAccess/policies" }));
    const res = await emulatorFetch(em, "/v1.0/$batch", {
      method: "POST",
      token: appToken(em, tenant.id, ROLES),
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ requests }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.responses.map((r: Json) => r.status)).toEqual([200, 429, 429, 429, 429]);
    for (const r of body.responses.slice(1)) {
      expect(r.headers).not.toHaveProperty("Retry-After");
      expect(r.body.error.code).toBe("TooManyRequests");
    }
  });

  it("does not throttle other endpoints at the CA rate", async () => {
    const tenant = licensed()[0]!;
    const token = appToken(em, tenant.id, ["User.Read.All"]);
    const responses = await Promise.all(Array.from({ length: 20 }, () => emulatorFetch(em, "/v1.0/users?$top=5", { token })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });
});

describe("time scale", () => {
  it("refills the CA bucket 20x faster at --time-scale 0.05 than at 1", async () => {
    const burst = (e: RunningEmulator, token: string) => Promise.all(Array.from({ length: 5 }, () => emulatorFetch(e, POLICIES, { token })));
    const later = (e: RunningEmulator, token: string) =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(emulatorFetch(e, POLICIES, { token })), 150));
    const slowTenant = licensed()[22]!;
    const slowToken = appToken(em, slowTenant.id, ROLES);
    expect((await burst(em, slowToken)).filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
    expect((await later(em, slowToken)).status).toBe(429); // at real pace 150 ms is not a second
    const fast = await startTestEmulator({ timeScale: 0.05, caBurst: 1, tenants: 3 });
    try {
      const tenant = fast.fleet.customers.find((t) => t.licences.entraP1)!;
      const token = appToken(fast, tenant.id, ROLES);
      await emulatorFetch(fast, POLICIES, { token }); // materialise the tenant outside the burst
      await new Promise((r) => setTimeout(r, 100));
      expect((await burst(fast, token)).filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
      expect((await later(fast, token)).status).toBe(200); // the bucket refills every 50 ms
    } finally {
      await fast.close();
    }
  });
});
