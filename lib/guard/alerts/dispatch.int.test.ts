// The alert loop on a real Postgres: a sweep's events become one signed delivery per tenant (a digest
// for many), a tenant whose guard is off sends nothing, failures are retried with backoff and then
// given up, and two workers collecting at once send each event once.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestPrisma } from "@/testing/database";
import { ID, PARTNER, TENANT, samplePolicies } from "@/testing/remediation/policies";
import { storeSnapshots } from "../../snapshots/store";
import { createDestination } from "./destinations";
import { collectAlerts, deliverDue, MAX_ATTEMPTS, type AlertDeps } from "./dispatch";
import type { AlertMessage } from "./message";

// The portal's key seals the destinations' secrets (secret.ts); config() reads it on first use.
vi.stubEnv("ENCRYPTION_KEY", randomBytes(32).toString("base64"));

type Policy = ReturnType<typeof samplePolicies>[number] & { conditions: { users: Record<string, unknown> } };
const withoutExclusion = (): Policy[] => {
  const policies = samplePolicies() as Policy[];
  policies.find((p) => p.id === ID.excluded)!.conditions.users.excludeGuestsOrExternalUsers = null;
  return policies;
};
const tenantIds = [TENANT, ...Array.from({ length: 4 }, (_, i) => `cccccccc-3333-4333-8333-00000000000${i}`)];

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe("alerts", () => {
  const t = useTestPrisma();
  const received: Received[] = [];
  let answer = 204;
  let server: Server;
  let url: string;
  const deps = (): AlertDeps => ({
    prisma: t.prisma,
    portalUrl: "https://portal.example",
    partnerTenantId: PARTNER,
    sweepIntervalMs: 60_000,
    retryBaseMs: 1_000,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    for (const [i, id] of tenantIds.entries()) {
      await t.prisma.customerTenant.create({ data: { id, displayName: `Customer ${i}` } });
      await storeSnapshots(t.prisma, id, samplePolicies(), PARTNER, { seenBy: "sync" }, new Date(Date.now() - 60_000));
    }
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function sweep(ids: readonly string[]): Promise<string> {
    const s = await t.prisma.guardSweep.create({ data: { tenants: ids.length } });
    for (const id of ids) await storeSnapshots(t.prisma, id, withoutExclusion(), PARTNER, { seenBy: "sweep", sweepId: s.id }, new Date());
    return s.id;
  }

  it("waits for the sweep to end, then sends one signed message per tenant that a Standard Webhooks receiver verifies", async () => {
    const { signingSecret } = await createDestination(t.prisma, { kind: "webhook", name: "SOC", url, eventTypes: ["exclusion-removed"] }, "admin@msp.example");
    const sweepId = await sweep([TENANT]);
    expect(await collectAlerts(deps())).toEqual({ events: 0, deliveries: 0 }); // the sweep is still running
    await t.prisma.guardSweep.update({ where: { id: sweepId }, data: { finishedAt: new Date(), tenantsDone: 1 } });
    expect(await collectAlerts(deps())).toEqual({ events: 2, deliveries: 1 }); // exclusion-removed is routed; policy-changed is not
    expect(await deliverDue(deps())).toEqual({ delivered: 1, failed: 0, retrying: 0 });

    expect(received).toHaveLength(1);
    const verified = new Webhook(signingSecret!).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as AlertMessage;
    expect(verified.subject).toBe("Customer 0: MSP exclusion removed (Block legacy auth (MSP excluded))");
    const event = verified.tenants[0]!.events[0]!;
    expect(verified.tenants[0]!.link).toBe(`https://portal.example/tenants/${TENANT}`);
    expect(event).toMatchObject({
      type: "exclusion-removed",
      policyId: ID.excluded,
      actor: null,
      properties: ["conditions.users.excludeGuestsOrExternalUsers"],
    });
    expect(event.diff!.removed.join(" ")).toContain("your MSP tenant");
    expect(event.diff!.added.join(" ")).not.toContain("your MSP tenant");
    // A tampered body fails verification: the signature covers it.
    expect(() =>
      new Webhook(signingSecret!).verify(received[0]!.body.replace("Customer 0", "Customer X"), received[0]!.headers as Record<string, string>),
    ).toThrow();
    expect(await collectAlerts(deps())).toEqual({ events: 0, deliveries: 0 }); // each event once
  });

  it("sends one digest when more tenants changed than a message per tenant would bear, and nothing for a tenant whose guard is off", async () => {
    received.length = 0;
    const group = await t.prisma.tenantGroup.create({
      data: { name: "Quiet", createdByUpn: "admin@msp.example", guardMode: "off", tenants: { create: [{ tenantId: TENANT }] } },
    });
    // Put the exclusion back everywhere first (events of their own), then remove it in all five tenants in one sweep.
    const back = await t.prisma.guardSweep.create({ data: { tenants: 5, finishedAt: new Date() } });
    for (const id of tenantIds) await storeSnapshots(t.prisma, id, samplePolicies(), PARTNER, { seenBy: "sweep", sweepId: back.id }, new Date());
    await collectAlerts(deps());
    const sweepId = await sweep(tenantIds);
    await t.prisma.guardSweep.update({ where: { id: sweepId }, data: { finishedAt: new Date() } });
    expect(await collectAlerts(deps())).toMatchObject({ deliveries: 1 });
    await deliverDue(deps());
    const digest = JSON.parse(received.at(-1)!.body) as AlertMessage;
    expect(digest.subject).toBe("Conditional Access guard: 4 changes in 4 tenants");
    expect(digest.tenants.map((x) => x.tenantName)).not.toContain("Customer 0");
    const handled = await t.prisma.guardEventHandling.findMany({ where: { event: { tenantId: TENANT, sweepId } } });
    expect(handled.map((h) => h.outcome)).toContain("not sent: the guard is off for this tenant");
    await t.prisma.tenantGroup.delete({ where: { id: group.id } });
  });

  it("retries a failed delivery with backoff, keeps its webhook-id, and gives up after the last attempt with the reason", async () => {
    received.length = 0;
    answer = 503;
    const d = await t.prisma.alertDestination.findUniqueOrThrow({ where: { name: "SOC" } });
    const row = await t.prisma.alertDelivery.create({
      data: {
        destinationId: d.id,
        subject: "retry me",
        message: { kind: "test", subject: "retry me", portalUrl: "https://portal.example", tenants: [] },
        eventIds: [],
        tenantIds: [],
      },
    });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await t.prisma.alertDelivery.update({ where: { id: row.id }, data: { nextAttemptAt: new Date(Date.now() - 1) } });
      const out = await deliverDue(deps());
      expect(out).toEqual(attempt < MAX_ATTEMPTS ? { delivered: 0, failed: 0, retrying: 1 } : { delivered: 0, failed: 1, retrying: 0 });
      const now = await t.prisma.alertDelivery.findUniqueOrThrow({ where: { id: row.id } });
      // 1 s, 2 s, 4 s, … after the attempt (the base is 1 s here; 30 s by default).
      if (attempt < MAX_ATTEMPTS) expect((now.nextAttemptAt.getTime() - now.lastAttemptAt!.getTime()) / 1000).toBeCloseTo(2 ** (attempt - 1), 0);
    }
    const ended = await t.prisma.alertDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(ended).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastResponse: "HTTP 503" });
    expect(ended.lastError).toBe(`The destination answered HTTP 503. Gave up after ${MAX_ATTEMPTS} attempts.`);
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([row.id]));
    answer = 204;
  });

  it("collects each event once when two workers collect at the same moment", async () => {
    await createDestination(t.prisma, { kind: "webhook", name: "Everything", url, eventTypes: ["policy-changed"] }, "admin@msp.example");
    const s = await t.prisma.guardSweep.create({ data: { tenants: 1 } });
    await storeSnapshots(t.prisma, tenantIds[1]!, samplePolicies(), PARTNER, { seenBy: "sweep", sweepId: s.id }, new Date(Date.now() + 1000));
    const sweepId = s.id;
    await t.prisma.guardSweep.update({ where: { id: sweepId }, data: { finishedAt: new Date() } });
    const [a, b] = await Promise.all([collectAlerts(deps()), collectAlerts(deps())]);
    expect(a.deliveries + b.deliveries).toBe(1);
  });
});
